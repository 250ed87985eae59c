// Compiles one Typst file to PDF with @myriaddreamin/typst-ts-node-compiler, the
// way scripts/compare.sh times Typst against `warraq build --format pdf`.
//
// usage: node typst-pdf.cjs MAIN.typ OUT.pdf FONTDIR...
// (NODE_PATH must reach the installed package; compare.sh sets it.)
'use strict';
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const [main, out, ...fontPaths] = process.argv.slice(2);
if (!main || !out) {
  console.error('usage: node typst-pdf.cjs MAIN.typ OUT.pdf FONTDIR...');
  process.exit(2);
}
const mainPath = path.resolve(main);
const compiler = NodeCompiler.create({
  workspace: path.dirname(mainPath),
  fontArgs: [{ fontPaths: fontPaths.map((p) => path.resolve(p)) }],
});
const res = compiler.compile({ mainFilePath: mainPath });
const doc = res.result;
if (!doc) {
  res.printDiagnostics();
  process.exit(1);
}
const pdf = compiler.pdf(doc);
fs.writeFileSync(out, pdf);
