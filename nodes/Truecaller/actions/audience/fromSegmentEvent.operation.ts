import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseSegmentBody } from '../../audience/segment';
import { FROM_SEGMENT } from '../names';
import { audienceParameters, runAudienceOperation } from './audienceItems';

export const description = audienceParameters(
	FROM_SEGMENT,
	'Segment',
	'Where the Segment call or batch is in the input item: "body" for the Truecaller Audience Trigger (one call per item) or an n8n Webhook node; a dotted path for another field; empty for the whole item',
);

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runAudienceOperation(context, {
		name: 'Segment',
		parse: (_item, body, countryCode) => parseSegmentBody(body, countryCode),
	});
}
