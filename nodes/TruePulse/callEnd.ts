/**
 * True Pulse call-end webhooks (True Pulse's call-end webhook spec; README, "True Pulse"): one JSON object per ended call, all
 * values strings. Validation and normalisation shared by the trigger, the action and the sandbox.
 */

import { DEFAULT_COUNTRY_CODE, toE164 } from '../shared/phone';
import { describe, isPlainObject, labelledField } from '../shared/validation';

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

export interface CallEndIssue {
	field: string;
	message: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const PHONE = /^\+?[\d\s\-()]{6,20}$/;
const MAX_VALUE_LENGTH = 2048;

function issue(field: string, rule: string, value: unknown): CallEndIssue {
	const label = CALL_END_FIELDS.find((spec) => spec.wire === field)?.label;
	return { field, message: `${labelledField(label, field)} ${rule}; got ${describe(value)}` };
}

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

/** Every problem of a call-end payload, named; an empty list means valid. */
export function validateCallEnd(body: unknown): { issues: CallEndIssue[] } {
	if (!isPlainObject(body)) return { issues: [issue('body', 'must be a JSON object', body)] };
	const issues: CallEndIssue[] = [];
	for (const field of CALL_END_FIELDS) {
		const value = body[field.wire];
		if (value === undefined || value === null || value === '') {
			if (field.required) issues.push(issue(field.wire, 'is required', value));
			continue;
		}
		if (typeof value !== 'string') issues.push(issue(field.wire, 'must be a string', value));
		else if (value.length > MAX_VALUE_LENGTH)
			issues.push(issue(field.wire, `must be at most ${MAX_VALUE_LENGTH} characters`, value));
	}
	if (issues.length > 0) return { issues };

	const text = (name: string) => (body[name] ?? '') as string;
	if (!parseDayMonthYear(text('tpDateOfCall')))
		issues.push(issue('tpDateOfCall', 'must be a date as DD-MM-YYYY', body.tpDateOfCall));
	const start = parseIsoTime(text('tpCallStartTime'));
	const end = parseIsoTime(text('tpCallEndTime'));
	if (start === undefined)
		issues.push(
			issue(
				'tpCallStartTime',
				'must be an ISO-8601 date and time with a zone',
				body.tpCallStartTime,
			),
		);
	if (end === undefined)
		issues.push(
			issue('tpCallEndTime', 'must be an ISO-8601 date and time with a zone', body.tpCallEndTime),
		);
	if (start !== undefined && end !== undefined && end < start) {
		issues.push(
			issue(
				'tpCallEndTime',
				`must not be before tpCallStartTime (${text('tpCallStartTime')})`,
				body.tpCallEndTime,
			),
		);
	}
	if (!(CALL_STATUSES as readonly string[]).includes(text('tpCallStatus'))) {
		issues.push(
			issue('tpCallStatus', `must be one of ${CALL_STATUSES.join(', ')}`, body.tpCallStatus),
		);
	}
	for (const name of ['tpCallerNumber', 'tpDIDNumber']) {
		if (!PHONE.test(text(name))) issues.push(issue(name, 'must be a phone number', body[name]));
	}
	const recording = text('tpCallRecordingPath');
	if (recording !== '' && !/^https?:\/\/\S+$/i.test(recording)) {
		issues.push(issue('tpCallRecordingPath', 'must be an http(s) URL', body.tpCallRecordingPath));
	}
	return { issues };
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

export function errorResponse(issues: CallEndIssue[]): { status: 'ERROR'; message: string } {
	return { status: 'ERROR', message: issues.map((i) => i.message).join('; ') };
}

/** The sender's side of the spec: only {"status":"SUCCESS"} counts; anything else is retried. */
export function truePulseStatus(body: unknown): string | undefined {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return isPlainObject(parsed) && typeof parsed.status === 'string' ? parsed.status : undefined;
}
