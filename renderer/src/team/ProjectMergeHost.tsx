/**
 * Renders the co-coder merge dialog for whoever asked for it (the Team view, the Import & export
 * menu, or the desktop File menu, whose request arrives as an event with the picked path).
 * Mounted once, in the top bar's Import & export menu, which every view shows.
 */
import { useEffect } from 'react';
import { subscribe } from '../api';
import { baseName } from '../exchange/paths';
import { MergeProjectDialog } from './MergeProjectDialog';
import { closeProjectMerge, requestProjectMerge, useProjectMergeRequest } from './merge-request';

export function ProjectMergeHost() {
  const request = useProjectMergeRequest();
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== 'request' || event.action !== 'merge-project') return;
        requestProjectMerge({ key: `${event.path}#${Date.now()}`, name: baseName(event.path), source: event.path });
      }),
    [],
  );
  return request ? <MergeProjectDialog key={request.key} request={request} onClose={closeProjectMerge} /> : null;
}
