import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseCleverTapBody } from '../../audience/clevertap';
import { checkCountryCode } from '../../../shared/phone';
import { errorItem } from '../../../shared/output';
import { readPath } from './audienceItems';

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const skipped: string[] = [];
	let profileTotal = 0;
	context.getInputData().forEach((item, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const countryCode = String(context.getNodeParameter('defaultCountryCode', itemIndex)).trim();
		const fieldPath = String(context.getNodeParameter('bodyField', itemIndex, 'body'));
		const countryProblem = checkCountryCode(countryCode);
		const parsed = countryProblem
			? { ok: false as const, reason: `Default Country Code ${countryProblem}` }
			: parseCleverTapBody(readPath(item.json, fieldPath), countryCode);
		if (!parsed.ok) {
			const message = `Item ${itemIndex}: ${parsed.reason} (field "${fieldPath || '(whole item)'}")`;
			if (!context.continueOnFail())
				throw new NodeOperationError(context.getNode(), message, { itemIndex });
			output.push(errorItem(itemIndex, message));
			return;
		}
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
