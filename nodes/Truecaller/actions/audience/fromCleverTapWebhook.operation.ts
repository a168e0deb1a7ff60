import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseCleverTapBody } from '../../audience/clevertap';
import { errorItem } from '../../../shared/output';
import { AUDIENCE_RESOURCE, FROM_CLEVERTAP } from '../names';
import { audienceCountryCodeField } from './common.descriptions';
import { parseInputItem } from './audienceItems';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [AUDIENCE_RESOURCE], operation: [FROM_CLEVERTAP] } },
	[
		{
			displayName: 'CleverTap Body Field',
			name: 'bodyField',
			type: 'string',
			default: 'body',
			description:
				'Where the CleverTap body is in the input item: "body" for an n8n Webhook node; a dotted path for another field; empty for the whole item',
		},
		audienceCountryCodeField,
		{
			displayName: 'Profiles Without a Usable Phone',
			name: 'withoutPhone',
			type: 'options',
			options: [
				{
					name: 'Skip and Count',
					value: 'skip',
					description: 'Leave them out; the count shows as a hint on the node',
				},
				{
					name: 'Output an Error Item',
					value: 'error',
					description: 'One item with an error naming the profile',
				},
			],
			default: 'skip',
		},
		{
			displayName: 'Output an Item for Test Bodies',
			name: 'emitTestItem',
			type: 'boolean',
			default: false,
			description:
				'Whether a CleverTap test body ("is_test": true, sent when a webhook is saved) yields one item saying so. It never yields profiles.',
		},
	],
);

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const skipped: string[] = [];
	let profileTotal = 0;
	context.getInputData().forEach((_item, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const parsed = parseInputItem(context, itemIndex, output, parseCleverTapBody);
		if (!parsed) return;
		if (parsed.isTest) {
			if (context.getNodeParameter('emitTestItem', itemIndex)) {
				output.push({
					json: {
						isTest: true,
						targetId: parsed.targetId as string,
						message: 'CleverTap test body: no profiles',
					},
					pairedItem,
				});
			}
			return;
		}
		profileTotal += parsed.profileCount;
		for (const member of parsed.members)
			output.push({ json: member as unknown as IDataObject, pairedItem });
		const reportErrors = context.getNodeParameter('withoutPhone', itemIndex) === 'error';
		for (const missing of parsed.withoutPhone) {
			if (reportErrors)
				output.push(
					errorItem(itemIndex, `Item ${itemIndex}: CleverTap ${missing.label} ${missing.reason}`, {
						profile: missing.profile as IDataObject,
					}),
				);
			else skipped.push(missing.label);
		}
	});
	if (skipped.length > 0) {
		const examples = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? ', ...' : '');
		context.addExecutionHints({
			message: `Skipped ${skipped.length} of ${profileTotal} CleverTap profiles without a usable phone: ${examples}`,
			location: 'outputPane',
		});
	}
	return output;
}
