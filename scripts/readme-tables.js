'use strict';
/**
 * Renders the README's generated sections from the code (the compiled package, so build first):
 * the display unit x template matrix and the field limits. `npm run readme` writes them into
 * README.md between their markers; test/Truecaller/readme.test.ts fails when README and code drift.
 */
const fs = require('fs');
const path = require('path');

const { CONTENT_FIELDS, DISPLAY_UNITS, TEMPLATE_STYLES, TTL_DAYS, cellFields, imageSizeHint } =
	require('../dev/packageModule').packageModule('nodes/Truecaller/campaign/matrix');

const { lengthHint } = require('../dev/packageModule').packageModule(
	'nodes/Truecaller/campaign/fields',
);

const README = path.join(__dirname, '..', 'README.md');

function matrixTable() {
	const header = `| display unit (wire code) | ${TEMPLATE_STYLES.map((t) => `${t.label} (\`"${t.wire}"\`)`).join(' | ')} |`;
	const rule = `|${' --- |'.repeat(TEMPLATE_STYLES.length + 1)}`;
	const rows = DISPLAY_UNITS.map((unit) => {
		const cells = TEMPLATE_STYLES.map((style) => {
			const fields = cellFields(unit, style.wire).map(
				([spec, presence]) => `\`${spec.wire}\`${presence === 'required' ? '*' : ''}`,
			);
			const size = imageSizeHint(unit, style);
			return fields.join(', ') + (size ? ` (${size})` : '');
		});
		return `| ${unit.label} (\`${unit.wire}\`) | ${cells.join(' | ')} |`;
	});
	return [header, rule, ...rows].join('\n');
}

function fieldTable() {
	const rows = Object.values(CONTENT_FIELDS).map(
		(spec) =>
			`| \`${spec.wire}\` | ${spec.label} | ${[spec.hint, lengthHint(spec)].filter(Boolean).join('. ')} |`,
	);
	rows.push(
		`| \`ttl\` | Time to Live (Days) | Optional on every template: a whole number from ${TTL_DAYS.min} to ${TTL_DAYS.max}, sent as a string |`,
	);
	return ['| wire field | n8n field | rule |', '| --- | --- | --- |', ...rows].join('\n');
}

const SECTIONS = { matrix: matrixTable, fields: fieldTable };

function section(name, body) {
	return `<!-- generated:${name} (npm run readme) -->\n${body}\n<!-- /generated:${name} -->`;
}

function render(readme) {
	let text = readme;
	for (const [name, build] of Object.entries(SECTIONS)) {
		const pattern = new RegExp(
			`<!-- generated:${name} [^>]*-->[\\s\\S]*?<!-- /generated:${name} -->`,
		);
		if (!pattern.test(text)) throw new Error(`README.md has no generated:${name} section`);
		text = text.replace(pattern, () => section(name, build()));
	}
	return text;
}

module.exports = { matrixTable, fieldTable, render, README };

if (require.main === module) {
	const current = fs.readFileSync(README, 'utf8');
	const next = render(current);
	fs.writeFileSync(README, next);
	console.log(
		current === next
			? 'README.md generated sections already up to date'
			: 'README.md generated sections updated',
	);
}
