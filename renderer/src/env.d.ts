/// <reference types="vite/client" />
import type { ChorusBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload script); absent in browser mode. */
    chorus?: ChorusBridge;
  }
}
