/** Entry: start the simulation worker and the session, then render. */
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { setExperimentClientFactory } from './store/experiments';
import { watchLinks } from './store/opening';
import { browserStorage } from './store/persistence';
import { startSession } from './store/session';
import { App } from './ui/App';
import { defaultPreset } from './ui/presets';
import { createSimClient } from './worker/client';
import { createExperimentClient } from './worker/experimentClient';
import './ui/styles.css';

const client = createSimClient();
// The experiment worker starts on the first sweep, replication or A/B, not with the page.
setExperimentClientFactory(createExperimentClient);
void startSession(client, {
  storage: browserStorage(),
  hash: location.hash,
  loadDefault: async () => defaultPreset(),
  clearHash: () => history.replaceState(null, '', location.pathname + location.search),
});
// A link pasted into this tab's address bar (hashchange) or onto the page opens like a fresh one.
watchLinks(window);

// The first render builds the whole page (palette, gallery, canvas): as a transition React renders
// it in slices and yields in between, instead of one main-thread task of 100–300 ms.
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
