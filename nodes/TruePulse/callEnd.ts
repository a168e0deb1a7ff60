/**
 * True Pulse call-end webhooks (README, "True Pulse Trigger"): one JSON object per ended call, all
 * values strings. Validation (one zod schema, built from CALL_END_FIELDS) and normalisation shared
 * by the trigger, the action and the sandbox.
 */
import { z } from 'zod/v4';

import { DEFAULT_COUNTRY_CODE, toE164 } from '../shared/phone';
import {
	type LabelOf,
	type ValidationIssue,
	optional,
	parseIfJsonText,
	parseWith,
	required,
	rule,
} from '../shared/validation';

export const CALL_STATUSES = ['Answered', 'Missed', 'Busy', 'Abandoned'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const SUCCESS_RESPONSE = { status: 'SUCCESS', message: 'Data added successfully.' } as const;

export interface CallEndField {
	wire: string;
	label: string;
	required: boolean;
	hint: string;
	/** The format as an example, shown in the empty input. */
	placeholder?: string;
}

/** The call-end payload of True Pulse's spec, in its order. One table: the action's fields and the checks come from it. */
export const CALL_END_FIELDS: CallEndField[] = [
	{
		wire: 'tpCallID',
		label: 'Call ID',
		required: true,
		hint: 'Unique ID of the call; True Pulse uses it for idempotency',
	},
	{
		wire: 'tpCustomerID',
		label: 'Customer ID',
		required: true,
		hint: 'True Pulse customer identifier',
	},
	{
		wire: 'tpCustomerName',
		label: 'Customer Name',
		required: false,
		hint: 'Customer or account name',
	},
	{
		wire: 'tpCallerNumber',
		label: 'Caller Number',
		required: true,
		hint: 'National number, without country code',
		placeholder: '9841012345',
	},
	{
		wire: 'tpDIDNumber',
		label: 'DID Number',
		required: true,
		hint: 'The dialled tracking number, national format',
		placeholder: '02269112345',
	},
	{
		wire: 'tpDateOfCall',
		label: 'Date of Call',
		required: true,
		hint: 'DD-MM-YYYY',
		placeholder: 'DD-MM-YYYY, e.g. 23-10-2025',
	},
	{
		wire: 'tpCallStartTime',
		label: 'Call Start Time',
		required: true,
		hint: 'ISO-8601 in UTC',
		placeholder: 'ISO-8601, e.g. 2025-10-23T04:26:31.05Z',
	},
	{
		wire: 'tpCallEndTime',
		label: 'Call End Time',
		required: true,
		hint: 'ISO-8601 in UTC, not before the start',
		placeholder: 'ISO-8601, e.g. 2025-10-23T04:29:02.10Z',
	},
	{ wire: 'tpDTMF', label: 'DTMF', required: false, hint: 'Keys pressed, if any' },
	{ wire: 'tpCallStatus', label: 'Call Status', required: true, hint: CALL_STATUSES.join(', ') },
	{
		wire: 'tpCallRecordingPath',
		label: 'Call Recording URL',
		required: false,
		hint: 'http(s) URL of the recording, if any',
		placeholder: 'https://recordings.example.com/call.mp3',
	},
];

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const PHONE = /^\+?[\d\s\-()]{6,20}$/;
const MAX_VALUE_LENGTH = 2048;

/** "23-10-2025" -> "2025-10-23", or undefined when it is not a real calendar date. */
export function parseDayMonthYear(value: string): string | undefined {
	const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
	if (!match) return undefined;
	const [, day, month, year] = match;
	const iso = `${year}-${month}-${day}`;
	const date = new Date(`${iso}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

function parseIsoTime(value: string): number | undefined {
	if (!ISO_DATE_TIME.test(value)) return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

const isoTime = rule('format', 'must be an ISO-8601 date and time with a zone');

/** What each field must look like beyond being a string; fields not listed are free text. */
const FORMATS: Record<string, z.ZodType<string, string>> = {
	tpDateOfCall: z
		.string()
		.refine(
			(v) => parseDayMonthYear(v) !== undefined,
			rule('format', 'must be a date as DD-MM-YYYY'),
		),
	tpCallStartTime: z.string().refine((v) => parseIsoTime(v) !== undefined, isoTime),
	tpCallEndTime: z.string().refine((v) => parseIsoTime(v) !== undefined, isoTime),
	tpCallStatus: z.enum(CALL_STATUSES, { error: `must be one of ${CALL_STATUSES.join(', ')}` }),
	tpCallerNumber: z.string().regex(PHONE, { error: 'must be a phone number' }),
	tpDIDNumber: z.string().regex(PHONE, { error: 'must be a phone number' }),
	tpCallRecordingPath: z.string().regex(/^https?:\/\/\S+$/i, { error: 'must be an http(s) URL' }),
};

function fieldSchema(field: CallEndField): z.ZodType {
	const text = z.string({ error: 'must be a string' }).max(MAX_VALUE_LENGTH, {
		error: `must be at most ${MAX_VALUE_LENGTH} characters`,
		abort: true,
	});
	const format = FORMATS[field.wire];
	const checked = format ? text.pipe(format) : text;
	return field.required ? required(checked) : optional(checked);
}

/** The whole payload: every field of the table, other keys passed over; end not before start. */
const callEndSchema = z
	.looseObject(
		Object.fromEntries(CALL_END_FIELDS.map((field) => [field.wire, fieldSchema(field)])),
		{ error: 'must be a JSON object' },
	)
	.superRefine((call, context) => {
		const start = parseIsoTime(call.tpCallStartTime as string) as number;
		const end = parseIsoTime(call.tpCallEndTime as string) as number;
		if (end < start) {
			context.addIssue({
				code: 'custom',
				path: ['tpCallEndTime'],
				message: `must not be before tpCallStartTime (${String(call.tpCallStartTime)})`,
				params: { rule: 'order' },
			});
		}
	});

const LABELS = new Map(CALL_END_FIELDS.map((field) => [field.wire, field.label]));

/** The action's field label of a call-end key, so errors name what the user sees. */
export const callEndLabel: LabelOf = (key) => LABELS.get(key);

/** Every problem of a call-end payload, named; an empty list means valid. */
export function validateCallEnd(body: unknown): { issues: ValidationIssue[] } {
	const call = parseWith(callEndSchema, body, { labelOf: callEndLabel });
	return { issues: call.ok ? [] : call.issues };
}

const orNull = (value: unknown) =>
	value === undefined || value === null || value === '' ? null : value;

/** The call as a workflow wants it. Call only with a payload validateCallEnd accepted. */
export function normaliseCallEnd(
	body: Record<string, unknown>,
	countryCode = DEFAULT_COUNTRY_CODE,
) {
	const start = new Date(body.tpCallStartTime as string);
	const end = new Date(body.tpCallEndTime as string);
	return {
		callId: body.tpCallID,
		customerId: body.tpCustomerID,
		customerName: orNull(body.tpCustomerName),
		callerNumber: body.tpCallerNumber,
		callerNumberE164: toE164(body.tpCallerNumber as string, countryCode),
		didNumber: body.tpDIDNumber,
		didNumberE164: toE164(body.tpDIDNumber as string, countryCode),
		dateOfCall: parseDayMonthYear(body.tpDateOfCall as string),
		startTime: start.toISOString(),
		endTime: end.toISOString(),
		durationSeconds: Math.round((end.getTime() - start.getTime()) / 10) / 100,
		dtmf: orNull(body.tpDTMF),
		status: body.tpCallStatus,
		answered: body.tpCallStatus === 'Answered',
		recordingUrl: orNull(body.tpCallRecordingPath),
	};
}

export function errorResponse(issues: ValidationIssue[]): { status: 'ERROR'; message: string } {
	return { status: 'ERROR', message: issues.map((i) => i.message).join('; ') };
}

const statusSchema = z.looseObject({ status: z.string() });

/** The sender's side of the spec: only {"status":"SUCCESS"} counts; anything else is retried. */
export function truePulseStatus(body: unknown): string | undefined {
	const text = parseIfJsonText(body, 'response');
	const parsed = text.ok ? statusSchema.safeParse(text.value) : undefined;
	return parsed?.success ? parsed.data.status : undefined;
}
