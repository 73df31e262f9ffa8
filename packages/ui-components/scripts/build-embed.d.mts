/** Bundles the embed entry into `outdir` (default dist/); resolves to the bundle's path. */
export function buildEmbed(outdir?: string): Promise<string>;
