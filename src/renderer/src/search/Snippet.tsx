// A search snippet with the matched terms ([[…]] from the index) highlighted.
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/\[\[|\]\]/);
  return <span className="snippet">{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}</span>;
}
