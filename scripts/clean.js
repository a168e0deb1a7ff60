// Empties dist/ so that a removed source file never ships from an earlier build.
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), {
	recursive: true,
	force: true,
});
