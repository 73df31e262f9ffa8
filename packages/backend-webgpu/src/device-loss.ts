/** What a WebGPU device reports when it is lost. */
export interface DeviceLostInfo {
  /** 'destroyed' when code called `device.destroy()` on purpose; anything else is a real loss. */
  reason: string;
  message: string;
}

/** The slice of `GPUDevice` needed to notice its loss. */
export interface LosableDevice {
  lost: Promise<DeviceLostInfo>;
}

/**
 * Calls `onLost` with a readable reason when `device` is lost: a driver reset, a removed GPU, or
 * `device.destroy()` called by code other than the backend's own teardown. `disposing()` says whether the
 * backend is being disposed on purpose (then a `'destroyed'` loss is expected, not a failure); without it,
 * every loss counts.
 */
export function watchDeviceLoss(
  device: LosableDevice,
  onLost: (reason: string) => void,
  disposing: () => boolean = () => false,
): void {
  void device.lost.then((info) => {
    if (info.reason === 'destroyed' && disposing()) return;
    onLost(`WebGPU device lost (${info.reason || 'unknown'}): ${info.message || 'no message'}`);
  });
}
