import type { render } from '../reports/index.js';
import { type Agenda, durationLabel } from './model.js';

type Block = Parameters<typeof render>[0][number];

/**
 * The agenda as the seed's templates read: the meeting, who attends and for how long, each
 * item with its figures, the action items carried over, then the expected output.
 */
export function agendaBlocks(a: Agenda): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: a.title.toUpperCase() },
    {
      kind: 'paragraph',
      text: `${a.startsAt.toISOString()} · ${durationLabel(a.durationMinutes)} · Who: ${a.attendees.join(', ')} · Reviews ${a.period.label} (${a.period.from} to ${a.period.to}) · generated ${a.generatedAt.toISOString()}`,
    },
  ];
  a.items.forEach((item, i) => {
    blocks.push({ kind: 'heading', level: 2, text: `${i + 1}. ${item.title}` });
    if (item.lines.length) blocks.push({ kind: 'list', items: item.lines });
    if (item.table) blocks.push({ kind: 'table', headers: item.table.headers, rows: item.table.rows });
  });
  blocks.push({ kind: 'heading', level: 2, text: 'ACTION ITEMS CARRIED OVER' });
  blocks.push(
    a.carriedOver.length
      ? {
          kind: 'table',
          headers: ['Owner', 'Action', 'Due date', 'Status', 'Raised in'],
          rows: a.carriedOver.map((c) => [
            c.owner ?? '—',
            c.title,
            c.dueOn,
            c.overdue ? 'OVERDUE' : 'open',
            c.meetingTitle,
          ]),
        }
      : { kind: 'paragraph', text: 'None open.' },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'OUTPUT' }, { kind: 'list', items: a.output });
  return blocks;
}
