// Puts the bridge script in front of the built renderer's module script, so window.promanage exists
// before the app runs (a classic script runs before deferred module scripts).
import { BRIDGE_SCRIPT_PATH } from './protocol';

export const BRIDGE_SCRIPT_TAG = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;

export function injectBridge(html: string): string {
  const at = html.search(/<script\b[^>]*\btype=["']?module\b/i);
  if (at < 0) {
    throw new Error('index.html has no module script to put the bridge in front of: serve the built renderer (out/renderer, "npm run build").');
  }
  return `${html.slice(0, at)}${BRIDGE_SCRIPT_TAG}\n    ${html.slice(at)}`;
}
