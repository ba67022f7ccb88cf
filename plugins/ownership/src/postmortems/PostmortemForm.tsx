import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { PostmortemInput } from '@steward/plugin-ownership-common';
import { FormEvent, ReactNode, useState } from 'react';
import {
  ActionItemFields,
  documentOf,
  errorAt,
  FieldErrors,
  parseFieldErrors,
  PostmortemFields,
} from './form';

const SEVERITIES: Array<[PostmortemFields['severity'], string]> = [
  [
    'no-visible-impact',
    'No visible impact: users saw nothing, or had a workaround',
  ],
  [
    'features-broken',
    'Features broken: some features failed, with no workaround',
  ],
  ['unavailable-or-data-lost', 'Unavailable or data lost'],
];

const IMPACT: Array<[PostmortemFields['usersImpacted'], string]> = [
  ['none', 'None'],
  ['few', 'A few'],
  ['many', 'Many'],
];

const STATUSES: ActionItemFields['status'][] = ['open', 'in-progress', 'done'];

/** An element id for the field at a document path. */
const idOf = (path: string) => `pm-${path.replace(/[^a-z0-9]+/gi, '-')}`;

/** The message a failed request carries: the backend's, when it sent one. */
function messageOf(error: Error): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? error.message;
}

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  error?: string;
  onChange: (value: T) => void;
}) {
  const id = `pm-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <FormControl error={!!props.error}>
      <FormLabel id={id}>{props.label}</FormLabel>
      <RadioGroup
        aria-labelledby={id}
        value={props.value}
        onChange={e => props.onChange(e.target.value as T)}
      >
        {props.options.map(([value, label]) => (
          <FormControlLabel
            key={value}
            value={value}
            control={<Radio size="small" />}
            label={label}
          />
        ))}
      </RadioGroup>
      {props.error && <FormHelperText>{props.error}</FormHelperText>}
    </FormControl>
  );
}

function Rows<T>(props: {
  title: string;
  error?: string;
  rows: T[];
  empty: T;
  onChange: (rows: T[]) => void;
  children: (row: T, i: number, set: (row: T) => void) => ReactNode;
}) {
  const { rows, onChange } = props;
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="subtitle1">
        {props.title}
      </Typography>
      {props.error && <FormHelperText error>{props.error}</FormHelperText>}
      <Stack spacing={1}>
        {rows.map((row, i) => (
          <Stack key={i} direction="row" spacing={1} alignItems="flex-start">
            {props.children(row, i, next =>
              onChange(rows.map((r, j) => (j === i ? next : r))),
            )}
            <Button
              size="small"
              aria-label={`Remove ${props.title.toLowerCase()} ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </Stack>
        ))}
      </Stack>
      <Button size="small" onClick={() => onChange([...rows, props.empty])}>
        Add {props.title.toLowerCase()} entry
      </Button>
    </Box>
  );
}

/**
 * The structured postmortem form. `onSave` sends the document; a 400 from
 * the backend is shown next to each field it names, and in a summary.
 */
export function PostmortemForm(props: {
  heading: string;
  initial: PostmortemFields;
  onSave: (document: PostmortemInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState(props.initial);
  const [errors, setErrors] = useState<FieldErrors>();
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<PostmortemFields>) =>
    setFields(f => ({ ...f, ...patch }));
  const err = (path: string, items?: boolean) =>
    errorAt(errors, path, { items });
  const text = (
    label: string,
    key: keyof PostmortemFields,
    path: string,
    options: { items?: boolean; multiline?: boolean; help?: string } = {},
  ) => {
    const error = err(path, options.items);
    return (
      <TextField
        id={idOf(path)}
        label={label}
        value={fields[key] as string}
        onChange={e => set({ [key]: e.target.value })}
        error={!!error}
        helperText={error ?? options.help}
        multiline={options.multiline}
        minRows={options.multiline ? 2 : undefined}
        fullWidth
      />
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors(undefined);
    try {
      await props.onSave(documentOf(fields));
    } catch (error) {
      setErrors(parseFieldErrors(messageOf(error as Error)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      aria-label={props.heading}
      noValidate
    >
      <Stack spacing={2}>
        <Typography variant="h5" component="h2">
          {props.heading}
        </Typography>
        {errors && (
          <Alert severity="error" role="alert">
            The postmortem was not saved:
            <ul aria-label="Problems">
              {errors.all.map(e => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Alert>
        )}
        {text('Title', 'title', 'title')}
        {text('First symptom', 'symptom', 'firstSymptom.description', {
          multiline: true,
          help: 'What was noticed first, and by whom or what',
        })}
        {text('Links to the first symptom', 'links', 'firstSymptom.links', {
          items: true,
          multiline: true,
          help: 'One http(s) URL per line: graphs, alerts, tickets',
        })}
        <Choice
          label="Severity"
          value={fields.severity}
          options={SEVERITIES}
          error={err('severity')}
          onChange={severity => set({ severity })}
        />
        <Choice
          label="Users impacted"
          value={fields.usersImpacted}
          options={IMPACT}
          error={err('usersImpacted')}
          onChange={usersImpacted => set({ usersImpacted })}
        />
        <Rows
          title="Timeline"
          error={err('timeline')}
          rows={fields.timeline}
          empty={{
            at: `${new Date().toISOString().slice(0, 16)}:00Z`,
            event: '',
          }}
          onChange={timeline => set({ timeline })}
        >
          {(row, i, setRow) => (
            <>
              <TextField
                id={idOf(`timeline[${i}].at`)}
                label={`Time ${i + 1}`}
                value={row.at}
                onChange={e => setRow({ ...row, at: e.target.value })}
                error={!!err(`timeline[${i}].at`)}
                helperText={
                  err(`timeline[${i}].at`) ??
                  'ISO 8601, like 2026-03-25T14:05:00Z'
                }
                sx={{ minWidth: 260 }}
              />
              <TextField
                id={idOf(`timeline[${i}].event`)}
                label={`Event ${i + 1}`}
                value={row.event}
                onChange={e => setRow({ ...row, event: e.target.value })}
                error={!!err(`timeline[${i}].event`)}
                helperText={err(`timeline[${i}].event`)}
                fullWidth
              />
            </>
          )}
        </Rows>
        {text('Contributing services', 'services', 'contributingServices', {
          items: true,
          help: 'Component names or refs, separated by commas',
        })}
        {text('Causes', 'causes', 'causes', {
          items: true,
          help: 'Short tags, like expired-certificate, separated by commas',
        })}
        {text('SLOs', 'slos', 'sloRefs', {
          items: true,
          help: 'SLO names or refs, separated by commas',
        })}
        <Rows<ActionItemFields>
          title="Action items"
          error={err('actionItems')}
          rows={fields.actionItems}
          empty={{ description: '', owner: '', due: '', status: 'open' }}
          onChange={actionItems => set({ actionItems })}
        >
          {(row, i, setRow) => {
            const at = (key: string) => err(`actionItems[${i}].${key}`);
            return (
              <>
                <TextField
                  id={idOf(`actionItems[${i}].description`)}
                  label={`Action ${i + 1}`}
                  value={row.description}
                  onChange={e =>
                    setRow({ ...row, description: e.target.value })
                  }
                  error={!!at('description')}
                  helperText={at('description')}
                  fullWidth
                />
                <TextField
                  id={idOf(`actionItems[${i}].owner`)}
                  label={`Owner of action ${i + 1}`}
                  value={row.owner}
                  onChange={e => setRow({ ...row, owner: e.target.value })}
                  error={!!at('owner')}
                  helperText={at('owner') ?? 'A user name or ref'}
                  sx={{ minWidth: 200 }}
                />
                <TextField
                  id={idOf(`actionItems[${i}].due`)}
                  label={`Due date of action ${i + 1}`}
                  type="date"
                  value={row.due}
                  onChange={e => setRow({ ...row, due: e.target.value })}
                  error={!!at('due')}
                  helperText={at('due')}
                  InputLabelProps={{ shrink: true }}
                  sx={{ minWidth: 170 }}
                />
                <TextField
                  id={idOf(`actionItems[${i}].status`)}
                  select
                  label={`Status of action ${i + 1}`}
                  value={row.status}
                  onChange={e =>
                    setRow({
                      ...row,
                      status: e.target.value as ActionItemFields['status'],
                    })
                  }
                  error={!!at('status')}
                  helperText={at('status')}
                  sx={{ minWidth: 140 }}
                >
                  {STATUSES.map(s => (
                    <MenuItem key={s} value={s}>
                      {s}
                    </MenuItem>
                  ))}
                </TextField>
              </>
            );
          }}
        </Rows>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
          {text('Detected at', 'detectedAt', 'detectedAt')}
          {text('Acknowledged at', 'acknowledgedAt', 'acknowledgedAt')}
          {text('Resolved at', 'resolvedAt', 'resolvedAt')}
        </Stack>
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={saving}>
            Save postmortem
          </Button>
          <Button onClick={props.onCancel}>Cancel</Button>
        </Stack>
      </Stack>
    </Box>
  );
}
