import fs from 'node:fs';
import { createEnv, dispatch, Session } from '../electron/core/index.js';
const cache = '/tmp/chorus-bench-team-cache/large-100000-v30';
fs.copyFileSync(`${cache}/a.chorus`, '/tmp/tm/mo-a.chorus');
fs.copyFileSync(`${cache}/b.chorus`, '/tmp/tm/mo-b.chorus');
async function main() {
const s = new Session(createEnv({ user: { guid: '00000000-0000-4000-8000-0000000000aa', name: 'Alex' } }));
await dispatch(s, 'project.open', { path: '/tmp/tm/mo-a.chorus' });
const t = performance.now(); const c0 = process.cpuUsage();
const r = await dispatch(s, 'team.merge', { source: '/tmp/tm/mo-b.chorus', resolutions: {} });
const c = process.cpuUsage(c0);
console.log(r.ok, (performance.now() - t).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu');
s.close();

}
void main();
