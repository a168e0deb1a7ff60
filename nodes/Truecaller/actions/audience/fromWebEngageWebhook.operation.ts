import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseWebEngageRequest } from '../../audience/webengage';
import { FROM_WEBENGAGE } from '../names';
import { audienceParameters, readPath, runAudienceOperation } from './audienceItems';

export const description = audienceParameters(
	FROM_WEBENGAGE,
	'WebEngage',
	'Where the WebEngage body is in the input item: "body" for the Truecaller Audience Trigger or an n8n Webhook node; a dotted path for another field; empty for the whole item',
);

/**
 * WebEngage's request id and event type travel outside the body: the Truecaller Audience Trigger
 * puts them on the item, an n8n Webhook node keeps the headers and query.
 */
function requestData(json: IDataObject): { requestId?: unknown; eventType?: unknown } {
	return {
		requestId: json.requestId ?? readPath(json, 'headers.x-request-id'),
		eventType: json.eventType ?? readPath(json, 'query.eventType'),
	};
}

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runAudienceOperation(context, {
		name: 'WebEngage',
		parse: (item, body, countryCode) =>
			parseWebEngageRequest({ body, ...requestData(item.json) }, countryCode),
	});
}
