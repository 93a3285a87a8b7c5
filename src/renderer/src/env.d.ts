import type { PromanageBridge } from '../../shared/ipc/contract';

declare global {
  interface Window {
    promanage: PromanageBridge;
  }
}
