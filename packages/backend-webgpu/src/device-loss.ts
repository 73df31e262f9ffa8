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
 * Calls `onLost` with a readable reason when `device` is lost for any cause other than its deliberate
 * destruction (tfjs destroys the device when the backend is removed; that is not a failure).
 */
export function watchDeviceLoss(device: LosableDevice, onLost: (reason: string) => void): void {
  void device.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    onLost(`WebGPU device lost (${info.reason || 'unknown'}): ${info.message || 'no message'}`);
  });
}
