import { describe, expect, it } from 'vitest';
import { barRow, escapeHtml, html, renderHtml } from '../../functions/mail/html.js';
import { renderText, wrap } from '../../functions/mail/text.js';

describe('mail HTML pieces', () => {
  it('escapes every interpolated value, attributes included, but not markup built with the html tag', () => {
    const name = `<script>"x" & 'y'</script>`;
    const out = html`<td title="${name}">${name}${html`<b>${name}</b>`}${[name, 3]}${undefined}${false}</td>`.value;

    expect(out).toBe(
      '<td title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">' +
        '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;' +
        '<b>&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</b>' +
        '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;3</td>',
    );
    expect(escapeHtml('æøå «»')).toBe('æøå «»');
  });

  it('draws a bar as a filled cell and a track cell with widths in percent; an empty or full bar as one cell', () => {
    const cells = (row: string) => [...row.matchAll(/<td width="(\d+)%" style="width:\d+%;background:(#[0-9a-f]+);/g)].map((m) => [Number(m[1]), m[2]]);

    expect(cells(barRow('Startede', 14, 16).value)).toEqual([
      [88, '#2b5f9e'],
      [12, '#e9eef4'],
    ]);
    expect(cells(barRow('Alle', 16, 16).value)).toEqual([[100, '#2b5f9e']]);
    expect(cells(barRow('Ingen', 0, 16).value)).toEqual([[100, '#e9eef4']]);
    expect(cells(barRow('Ingen af ingen', 0, 0).value)).toEqual([[100, '#e9eef4']]);
    // One of a thousand still shows.
    expect(cells(barRow('Få', 1, 1000).value)[0]).toEqual([1, '#2b5f9e']);
    expect(cells(barRow('I job', 5, 16, true).value)[0]).toEqual([31, '#1e7b45']);
  });

  it('lays the page out with tables and inline styles: a 640 px column, the language set, the preheader hidden', () => {
    const page = renderHtml({
      language: 'en',
      title: 'T & t',
      preheader: 'Pre <header>',
      blocks: [{ kind: 'paragraph', text: 'Hello' }],
      footer: ['Small print'],
    });

    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>T &amp; t</title>');
    expect(page).toMatch(/<div style="display:none;[^"]*">Pre &lt;header&gt;<\/div>/);
    expect(page).toContain('width="640"');
    expect(page).toContain('Jobcenter København · Pilot projects');
    expect(page).not.toMatch(/<style|class=|display:\s*(flex|grid)/);
  });
});

describe('mail plain text', () => {
  it('wraps at 76 characters and keeps a long URL whole on its own line', () => {
    const url = `https://pilot.example.kk.dk/${'a'.repeat(90)}`;
    const lines = wrap(`Se listen her: ${url} og registrér deltagernes situation inden fristen, som er om tre uger.`);

    expect(lines[0]).toBe('Se listen her:');
    expect(lines[1]).toBe(url);
    for (const line of lines.slice(2)) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('writes a table too wide for columns as one record per row', () => {
    const text = renderText({
      language: 'da',
      title: 'T',
      preheader: '',
      blocks: [
        {
          kind: 'table',
          columns: [{ title: 'Pilotprojekt' }, { title: 'Fase' }, { title: 'Næste frist' }, { title: 'Risici' }],
          rows: [
            [
              'Digital Koordinator Experienced',
              { text: 'Rekruttering', notes: ['Venter på din beslutning: forlæng rekrutteringen eller luk'] },
              '12. marts 2021',
              { text: 'For få tilmeldte', tone: 'bad', lines: ['Opfølgningen mangler'] },
            ],
          ],
        },
      ],
      footer: [],
    });

    expect(text).toContain(
      'Digital Koordinator Experienced\n  Fase: Rekruttering – Venter på din beslutning: forlæng rekrutteringen\n  eller luk\n  Næste frist: 12. marts 2021\n  Risici: For få tilmeldte, Opfølgningen mangler',
    );
  });
});

describe('mail plain text keeps a figure with its unit', () => {
  it('never breaks "40 %" or "1.600 kr." across lines, at any width', () => {
    const sentence =
      'Målet er 40 %. Budgettet var 1.600 kr. i alt, og 5 af 14 (36 %; 95 %-interval 16–61 %) kom i ordinær beskæftigelse; 95 %-intervallet rummer målet.';
    for (let width = 10; width <= 80; width++) {
      const lines = wrap(sentence, width);
      for (const line of lines) {
        expect(line, `width ${width}`).not.toMatch(/^%|^kr\.|(^|\s)95$/);
      }
      expect(lines.join(' ')).toBe(sentence);
    }
  });
});
