const path = require('path');
const rspack = require('@rspack/core');
const { Build } = require('@jupyter/builder');
const base = require('@jupyter/builder/lib/webpack.config.base');

// Bundles the JupyterLab front end for the browser test into
// tests/browser/build/lab, the way JupyterLab's examples/app does.
const out = path.resolve(__dirname, '..', 'build', 'lab');
const names = Object.keys(require('../package.json').dependencies).filter((n) => n.endsWith('-extension'));
const themes = Build.ensureAssets({ output: out, packageNames: names });
const main = {
  ...base,
  mode: 'development',
  devtool: false,
  entry: path.resolve(__dirname, 'index.js'),
  output: { ...base.output, path: out, filename: 'bundle.js' },
};
rspack([main, ...themes], (err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err || stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  console.log('built');
});
