// The projects you can see: create one, and manage the members of those you manage.
import { useState } from 'react';
import type { AdminOverview } from '../../../shared/ipc/domains/admin';
import { NewProjectDialog } from './NewProjectDialog';
import { ProjectMembers } from './ProjectMembers';

export function ProjectsTab({ overview }: { overview: AdminOverview }) {
  const { projects, people, roles, capabilities } = overview;
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const project = projects.find((p) => p.id === selected) ?? projects.find((p) => p.canManageMembers) ?? projects[0];
  return (
    <div className="admin-projects" data-testid="admin-projects">
      <aside>
        {capabilities.createProjects && <button type="button" className="primary" data-testid="new-project" onClick={() => setCreating(true)}>New project</button>}
        <ul className="project-list" aria-label="Projects">
          {projects.map((p) => (
            <li key={p.id}>
              <button type="button" className={p.id === project?.id ? 'nav-item active' : 'nav-item'} aria-current={p.id === project?.id ? 'true' : undefined}
                data-testid="admin-project" data-key={p.key} onClick={() => setSelected(p.id)}>
                <strong>{p.key}</strong> {p.name}
                <span className="muted"> · {p.members.length} member{p.members.length === 1 ? '' : 's'}</span>
              </button>
            </li>
          ))}
        </ul>
        {projects.length === 0 && <p className="empty">No projects yet.</p>}
      </aside>
      {project && <ProjectMembers key={project.id} project={project} people={people} roles={roles} />}
      {creating && <NewProjectDialog people={people} onClose={() => setCreating(false)} onCreated={setSelected} />}
    </div>
  );
}
