export interface Employee {
  id: number
  name: string
  title: string
  email: string
}

/** The protected sample resource behind `GET /api/employees`. */
export const employees: readonly Employee[] = [
  { id: 1, name: 'Grace Hopper', title: 'Rear Admiral of Compilers', email: 'grace@example.com' },
  { id: 2, name: 'Alan Turing', title: 'Head of Computability', email: 'alan@example.com' },
  { id: 3, name: 'Ada Lovelace', title: 'Principal Analyst', email: 'ada@example.com' },
  { id: 4, name: 'Edsger Dijkstra', title: 'Staff Engineer, Paths', email: 'edsger@example.com' },
  { id: 5, name: 'Barbara Liskov', title: 'Distinguished Architect', email: 'barbara@example.com' },
  { id: 6, name: 'Donald Knuth', title: 'Typesetting Lead', email: 'don@example.com' },
  {
    id: 7,
    name: 'Margaret Hamilton',
    title: 'Director of Flight Software',
    email: 'margaret@example.com',
  },
  { id: 8, name: 'Ken Thompson', title: 'Systems Engineer', email: 'ken@example.com' },
]
