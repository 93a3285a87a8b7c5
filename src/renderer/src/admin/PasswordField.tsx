// A new password with the organization's rule, checked as you type by the database's own rule
// (auth.password_problem); the server checks it again when the form is sent.
import { useEffect, useState } from 'react';
import { call } from '../ipc/client';

export const PASSWORD_RULE = 'At least 12 characters, using at least 3 of: lowercase letters, capitals, digits, symbols — and not containing the name part of the email address. A passphrase works well.';

export function PasswordField({ label, value, email, onChange }: { label: string; value: string; email: string; onChange(value: string): void }) {
  const [problem, setProblem] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!value) {
      setProblem(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      call('admin:checkPassword', { password: value, email })
        .then((r) => current && setProblem(r.problem), () => current && setProblem(undefined));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, email]);
  return (
    <div className="password-field">
      <label>{label}
        <input type="password" autoComplete="new-password" value={value} maxLength={1000} aria-describedby="password-rule" onChange={(e) => onChange(e.target.value)} />
      </label>
      <p id="password-rule" className="muted" data-testid="password-rule">{PASSWORD_RULE}</p>
      {problem && <p className="warning-text" data-testid="password-problem">{problem}</p>}
      {problem === null && <p className="ok-text" data-testid="password-ok">The password meets the rule.</p>}
    </div>
  );
}
