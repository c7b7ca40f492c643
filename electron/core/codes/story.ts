import type { CodeStoryEvent, CodeStoryKind } from '../../../shared/types.js';
import type { Project } from '../project.js';
import { eventsOf } from '../store/history.js';

/**
 * The story of a code or theme: every command in effect that touched it, oldest first, with who
 * and when. Commands record these events as they run (`CommandScope.about`, kept beside the log
 * entry in history_subjects), so an undone command drops out of the story and a redone one comes
 * back. A deleted or merged-away code keeps its story: it is asked for by guid.
 */
export function codeStory(project: Project, guid: string): CodeStoryEvent[] {
  return eventsOf(project.db, guid).map((e) => ({ ...e, event: e.event as CodeStoryKind }));
}
