/** Entry: start the simulation worker and the session, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserStorage } from './store/persistence';
import { startSession } from './store/session';
import { App } from './ui/App';
import { defaultPreset } from './ui/presets';
import { createSimClient } from './worker/client';
import './ui/styles.css';

const client = createSimClient();
void startSession(client, {
  storage: browserStorage(),
  hash: location.hash,
  loadDefault: async () => defaultPreset(),
  clearHash: () => history.replaceState(null, '', location.pathname + location.search),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
