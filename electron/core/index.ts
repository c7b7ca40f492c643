/** The core of Chorus: plain Node, no Electron. Front doors import from here only. */
export { dispatch } from './dispatch.js';
export { confinedTo, UNCONFINED, type FileAccess } from './file-access.js';
export { Session } from './session.js';
export { createEnv, osUserName, SOURCE_RESOURCES_DIR, type CoreEnv } from './env.js';
export { defaultDataDir, envFromSettings, loadSettings, rememberProject, saveSettings, type Settings } from './settings.js';
export { TeamServer, type TeamOutcome } from './team-server/team-server.js';
export { recordingResponse, recordingToServe } from './media/serve.js';
