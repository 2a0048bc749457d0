import { html } from 'htm/preact';
import { useContext } from 'preact/hooks';
import { FormIssues, issueFor, issueMessage } from '../ui.js';

// A labelled input: every field has a visible label tied to it (axe: label).
// The API's issues for the field (by its path in the request) are said
// beside it, and mark it invalid for assistive technology.

let counter = 0;
const nextId = (name: string) => `f-${name}-${++counter}`;

/** The issues for a field's path, and the attributes that tie them to the input. */
const useIssues = (id: string, path: string) => {
  const issues = useContext(FormIssues).filter((i) => issueFor(i, path));
  const errorId = `${id}-error`;
  return {
    attrs: issues.length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {},
    text: issues.length > 0 ? html`<p class="field-error" id=${errorId}>${[...new Set(issues.map(issueMessage))].join(' ')}</p>` : null,
  };
};

export const Field = (props: {
  name: string;
  label: string;
  /** The field's path in the API's request, when not its name ("recruitment.opens"). */
  path?: string;
  type?: string;
  required?: boolean;
  value?: string;
  min?: number | string;
  max?: number | string;
  step?: string;
  placeholder?: string;
  hint?: string;
  onInput?: (e: Event) => void;
}) => {
  const id = nextId(props.name);
  const issues = useIssues(id, props.path ?? props.name);
  return html`<div class="field">
    <label for=${id}>${props.label}</label>
    ${props.hint ? html`<span class="hint">${props.hint}</span>` : null}
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      required=${props.required ?? false}
      defaultValue=${props.value}
      min=${props.min}
      max=${props.max}
      step=${props.step}
      placeholder=${props.placeholder}
      onInput=${props.onInput}
      ...${issues.attrs}
    />
    ${issues.text}
  </div>`;
};

export const Select = (props: {
  name: string;
  label: string;
  path?: string;
  options: { value: string; label: string }[];
  value?: string;
  /** The chosen value, for a form whose other fields follow the choice. */
  onChange?: (value: string) => void;
}) => {
  const id = nextId(props.name);
  const issues = useIssues(id, props.path ?? props.name);
  const onChange = props.onChange;
  return html`<div class="field">
    <label for=${id}>${props.label}</label>
    <select id=${id} name=${props.name} value=${props.value} onChange=${onChange ? (e: Event) => onChange((e.currentTarget as HTMLSelectElement).value) : undefined} ...${issues.attrs}>
      ${props.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
    ${issues.text}
  </div>`;
};

export const TextArea = (props: { name: string; label: string; path?: string; rows?: number; required?: boolean }) => {
  const id = nextId(props.name);
  const issues = useIssues(id, props.path ?? props.name);
  return html`<div class="field wide">
    <label for=${id}>${props.label}</label>
    <textarea id=${id} name=${props.name} rows=${props.rows ?? 4} required=${props.required ?? false} ...${issues.attrs}></textarea>
    ${issues.text}
  </div>`;
};
