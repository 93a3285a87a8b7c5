// Change-request review is built in the next release of the desktop app.
export function NotYetHere({ screen }: { screen: 'change-requests' }) {
  const what = 'Change request review';
  return (
    <section className="empty-state" data-testid={`screen-${screen}`}>
      <h1>{what}</h1>
      <p>{what} is not available in this version of ProManage Desktop yet. Your change requests are already synced to this device.</p>
    </section>
  );
}
