'use strict';
/**
 * The campaigns part of the sandbox page: every campaign received, newest first, as the preview the
 * phone would show (the package's own renderer, problems marked) with its JSON beside it.
 */
const { packageModule } = require('../packageModule');
const { renderPreview } = packageModule('nodes/Truecaller/campaign/preview');
const { validateContent } = packageModule('nodes/Truecaller/campaign/campaign');

const SHOWN = 100;

function escapeHtml(text) {
	return String(text).replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
	);
}

const STYLE =
	'<style>.campaigns{display:flex;flex-direction:column;gap:16px;margin:16px 0}' +
	'.campaign{display:flex;gap:16px;align-items:flex-start;font-family:sans-serif}' +
	'.campaign pre{margin:0;font-size:12px;max-width:560px;overflow:auto;background:#f4f4f4;padding:8px}' +
	'.campaign .meta{font-size:12px;color:#555;margin-bottom:4px}</style>';

/** HTML of the campaigns among `requests` (oldest first, as recorded), newest first. */
function campaignCards(requests, campaignPath) {
	const campaigns = requests
		.filter((r) => r.path === campaignPath && r.body && typeof r.body === 'object')
		.slice(-SHOWN)
		.reverse();
	const cards = campaigns
		.map((r) => {
			const content = r.body.content && typeof r.body.content === 'object' ? r.body.content : {};
			const svg = renderPreview(content, validateContent(content).issues);
			return (
				`<div class="campaign"><div class="preview">${svg}</div><div><div class="meta">${escapeHtml(r.at)}, answered ${escapeHtml(r.status ?? '')}</div>` +
				`<pre>${escapeHtml(JSON.stringify(r.body, null, 1))}</pre></div></div>`
			);
		})
		.join('');
	return (
		`${STYLE}<h2>Campaigns as the phone shows them</h2>` +
		(campaigns.length === 0
			? '<p>No campaign received yet.</p>'
			: `<div class="campaigns">${cards}</div>`)
	);
}

module.exports = { campaignCards, escapeHtml };
