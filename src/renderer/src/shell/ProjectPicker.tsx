import { useWorkspace } from '../stores/workspace-store';

export function ProjectPicker() {
  const { projects, projectId, selectProject } = useWorkspace();
  if (projects.length === 0) return null;
  return (
    <label className="project-picker">
      <span className="muted">Project</span>
      <select data-testid="project-picker" value={projectId ?? ''} onChange={(e) => selectProject(e.target.value)}>
        {projects.map((p) => <option key={p.id} value={p.id}>{p.key} — {p.name}</option>)}
      </select>
    </label>
  );
}
