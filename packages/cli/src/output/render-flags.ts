import {
  type ColormapName,
  DIVERGING_COLORMAPS,
  HEATMAP_MODES,
  HEATMAP_SIGNS,
  type HeatmapMode,
  type HeatmapSign,
  SEQUENTIAL_COLORMAPS,
} from '@loupe/core';
import { type Command, Option } from 'commander';
import { UsageError } from '../exit-codes.js';

/** Raw values of the heatmap flags, as commander hands them over. */
export interface RenderFlagValues {
  view?: HeatmapMode;
  sign?: HeatmapSign;
  colormap?: ColormapName;
  percentile?: number;
}

function parsePercentile(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 100))
    throw new UsageError(`--percentile takes a number in (0, 100], e.g. 99; got '${text}'.`);
  return value;
}

/** Adds --view, --sign, --colormap and --percentile: the options of core's attribution renderer. */
export function addRenderOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--view <mode>', 'heatmap view (dimmed-blend: the map over the image dimmed to a third)')
        .choices(HEATMAP_MODES)
        .default('dimmed-blend'),
    )
    .addOption(
      new Option('--sign <which>', 'attributions shown (all: signed, diverging colours)')
        .choices(HEATMAP_SIGNS)
        .default('all'),
    )
    .addOption(
      new Option('--colormap <name>', 'colours (default: rdbu for --sign all, else inferno)').choices([
        ...SEQUENTIAL_COLORMAPS,
        ...DIVERGING_COLORMAPS,
      ]),
    )
    .option('--percentile <p>', '|attribution| percentile where the colours saturate', parsePercentile, 99);
}
