/** The Journal view. */
export function JournalView() {
  return <div className="center-empty" data-testid="view-journal-body"><h2>Journal</h2></div>;
}
