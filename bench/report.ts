// A benchmark's figure: one JSON line on stdout ({ name, value rounded to 2 decimals, unit }).
export interface Figure { name: string; value: number; unit: string }

export function report(name: string, value: number, unit: string): Figure {
  const figure = { name, value: Math.round(value * 100) / 100, unit };
  console.log(JSON.stringify(figure));
  return figure;
}
