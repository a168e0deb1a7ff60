/**
 * The campaign preview as n8n binary data: one SVG per input item, shared by the output items of its
 * receivers (they all get the same campaign). Stored through n8n's own helper, so that it follows the
 * instance's binary data mode (in the execution, or on disk) like any other file.
 */
import type { IBinaryData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { WIRE } from '../../campaign/matrix';
import { renderPreview } from '../../campaign/preview';
import type { CampaignItem } from './campaignItems';

export const PREVIEW_PROPERTY = 'preview';
const SVG_MIME_TYPE = 'image/svg+xml';

/** A name that says which cell it shows, safe as a file name whatever the input was. */
function fileName(content: Record<string, unknown>): string {
	const part = (value: unknown) =>
		String(value ?? 'unknown')
			.replace(/[^A-Za-z0-9-]+/g, '_')
			.slice(0, 40);
	return `campaign-preview-${part(content[WIRE.displayUnit])}-template-${part(content[WIRE.templateStyle])}.svg`;
}

/** The preview of each input item, by item index. */
export async function previewsByItem(
	context: IExecuteFunctions,
	items: CampaignItem[],
): Promise<Map<number, IBinaryData>> {
	const previews = new Map<number, IBinaryData>();
	for (const { itemIndex, content, issues } of items) {
		const svg = renderPreview(content, issues);
		previews.set(
			itemIndex,
			await context.helpers.prepareBinaryData(
				Buffer.from(svg, 'utf8'),
				fileName(content),
				SVG_MIME_TYPE,
			),
		);
	}
	return previews;
}

/** Attaches its item's preview to every output item (each gets its own copy of the metadata). */
export function withPreviews(
	output: INodeExecutionData[],
	previews: Map<number, IBinaryData>,
): INodeExecutionData[] {
	for (const item of output) {
		const preview = previews.get((item.pairedItem as { item: number }).item);
		if (preview) item.binary = { ...item.binary, [PREVIEW_PROPERTY]: { ...preview } };
	}
	return output;
}
