import { html } from 'htm/preact';

// A labelled input: every field has a visible label tied to it (axe: label).

let counter = 0;
const nextId = (name: string) => `f-${name}-${++counter}`;

export const Field = (props: { name: string; label: string; type?: string; required?: boolean; value?: string; min?: number; max?: number; step?: string; placeholder?: string }) => {
  const id = nextId(props.name);
  return html`<div class="field">
    <label for=${id}>${props.label}</label>
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      required=${props.required ?? false}
      value=${props.value}
      min=${props.min}
      max=${props.max}
      step=${props.step}
      placeholder=${props.placeholder}
    />
  </div>`;
};

export const Select = (props: { name: string; label: string; options: { value: string; label: string }[]; value?: string }) => {
  const id = nextId(props.name);
  return html`<div class="field">
    <label for=${id}>${props.label}</label>
    <select id=${id} name=${props.name} value=${props.value}>
      ${props.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </div>`;
};

export const TextArea = (props: { name: string; label: string; rows?: number; required?: boolean }) => {
  const id = nextId(props.name);
  return html`<div class="field wide">
    <label for=${id}>${props.label}</label>
    <textarea id=${id} name=${props.name} rows=${props.rows ?? 4} required=${props.required ?? false}></textarea>
  </div>`;
};
