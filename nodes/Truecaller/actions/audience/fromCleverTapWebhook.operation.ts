import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseCleverTapBody } from '../../audience/clevertap';
import { errorItem } from '../../../shared/output';
import { parseInputItem } from './audienceItems';

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
