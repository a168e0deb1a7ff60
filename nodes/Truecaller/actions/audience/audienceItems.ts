/**
 * What the audience operations of the engagement platforms share: where the body is in the input
 * item, the default country, what happens to the calls that name no usable receiver, and the run
 * over the input items (one output item per receiver, paired with the input item it came from).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AudienceParse } from '../../audience/members';
import { checkCountryCode } from '../../../shared/phone';
import { errorItem } from '../../../shared/output';
import { AUDIENCE_RESOURCE } from '../names';
import { audienceCountryCodeField } from './common.descriptions';

export function readPath(json: IDataObject, dottedPath: string): unknown {
	if (dottedPath.trim() === '') return json;
	return dottedPath
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			json,
		);
}

/** The parameters of an audience operation, shown for that operation only. */
export function audienceParameters(
	operation: string,
	platform: string,
	bodyDescription: string,
): INodeProperties[] {
	const displayOptions = { show: { resource: [AUDIENCE_RESOURCE], operation: [operation] } };
	return [
		{
			displayName: `${platform} Body Field`,
			name: 'bodyField',
			type: 'string',
			default: 'body',
			description: bodyDescription,
			displayOptions,
		},
		{ ...audienceCountryCodeField, displayOptions },
		{
			displayName: 'Calls Without a Usable Receiver',
			name: 'withoutPhone',
			type: 'options',
			options: [
				{
					name: 'Skip and Count',
					value: 'skip',
					description: 'Leave them out; the count and the reasons show as a hint on the node',
				},
				{
					name: 'Output an Error Item',
					value: 'error',
					description: 'One item per refused call, with the reason',
				},
			],
			default: 'skip',
			displayOptions,
		},
	];
}

/**
 * The body of one input item parsed with the item's country code, or undefined when the item
 * failed: thrown, or an error item with continue on fail, naming the item and the field.
 */
export function parseInputItem<Result extends { ok: true } | { ok: false; reason: string }>(
	context: IExecuteFunctions,
	itemIndex: number,
	output: INodeExecutionData[],
	parse: (body: unknown, countryCode: string) => Result,
): Extract<Result, { ok: true }> | undefined {
	const countryCode = String(context.getNodeParameter('defaultCountryCode', itemIndex)).trim();
	const fieldPath = String(context.getNodeParameter('bodyField', itemIndex, 'body'));
	const countryProblem = checkCountryCode(countryCode);
	const json = context.getInputData()[itemIndex].json;
	const parsed = countryProblem
		? { ok: false as const, reason: `Default Country Code ${countryProblem}` }
		: parse(readPath(json, fieldPath), countryCode);
	if (parsed.ok) return parsed as Extract<Result, { ok: true }>;
	const message = `Item ${itemIndex}: ${parsed.reason} (field "${fieldPath || '(whole item)'}")`;
	if (!context.continueOnFail())
		throw new NodeOperationError(context.getNode(), message, { itemIndex });
	output.push(errorItem(itemIndex, message));
	return undefined;
}

export interface AudiencePlatform<Member> {
	name: string;
	parse(item: INodeExecutionData, body: unknown, countryCode: string): AudienceParse<Member>;
}

/** One output item per receiver of every input item; refusals skipped and counted, or reported. */
export function runAudienceOperation<Member>(
	context: IExecuteFunctions,
	platform: AudiencePlatform<Member>,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	const skipped: string[] = [];
	let total = 0;
	context.getInputData().forEach((item, itemIndex) => {
		const parsed = parseInputItem(context, itemIndex, output, (body, countryCode) =>
			platform.parse(item, body, countryCode),
		);
		if (!parsed) return;
		total += parsed.total;
		for (const member of parsed.members)
			output.push({ json: member as unknown as IDataObject, pairedItem: { item: itemIndex } });
		const reportErrors = context.getNodeParameter('withoutPhone', itemIndex) === 'error';
		for (const refusal of parsed.refused) {
			const reason = `${platform.name} ${refusal.label} ${refusal.reason}`;
			if (reportErrors)
				output.push(
					errorItem(itemIndex, `Item ${itemIndex}: ${reason}`, {
						refused: refusal.source as IDataObject,
					}),
				);
			else skipped.push(`${refusal.label} ${refusal.reason}`);
		}
	});
	if (skipped.length > 0) {
		const examples = skipped.slice(0, 3).join('; ') + (skipped.length > 3 ? '; ...' : '');
		context.addExecutionHints({
			message: `Skipped ${skipped.length} of ${total} ${platform.name} calls without a usable receiver: ${examples}`,
			location: 'outputPane',
		});
	}
	return output;
}
