/** The browser tests launch Chromium as the benchmarks do (one launcher, scripts/lib/bench/chromium.ts). */
export { CHROMIUM_PATH, launchChromium } from '../../scripts/lib/bench/chromium.ts';
