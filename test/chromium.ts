/**
 * How Chromium is started for the end-to-end tests and the view benchmark: Debian's build (no tool
 * may download a browser of its own), headless, quiet and offline — no updates, sync, QUIC probes
 * or other background traffic, which this network refuses (TOOLCHAIN.md §7).
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
