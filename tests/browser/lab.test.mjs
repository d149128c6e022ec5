// Runs lesson 1 in JupyterLab, in headless Chromium: the JupyterLab front end
// is built from the @jupyterlab npm packages (lab/build.cjs) and served by
// Debian's jupyterlab_server (lab/main.py). Like notebook.test.mjs: run all
// cells, stop a running cell with the toolbar's stop button, check the
// kernel carries on, watch timestamped output arrive while a cell still
// runs, and save a screenshot.

import { join } from 'node:path';
import { check, runInBrowser } from './harness.mjs';

const lesson = '01-starting-threads.ipynb';

await runInBrowser({
  viewport: { width: 1280, height: 1000 },
  serverCommand: ({ port, token, nbdir }) => [process.env.PYTHON || '/usr/bin/python3', join(import.meta.dirname, 'lab', 'main.py'),
    `--port=${port}`, '--ServerApp.port_retries=0', '--ServerApp.ip=127.0.0.1', `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${nbdir}`, '--ServerApp.open_browser=False', '--allow-root'],
}, async ({ page, base, token, shot }) => {
  await page.goto(`${base}/lab?token=${token}`);
  await page.waitForSelector('body[data-lab-ready="true"]', { state: 'attached', timeout: 60000 });
  await page.evaluate((path) => window.jupyterapp.commands.execute('docmanager:open',
    { path, factory: 'Notebook', kernel: { name: 'gothreads' } }), lesson);
  await page.waitForFunction(() => {
    const w = window.jupyterapp.shell.currentWidget;
    return w?.sessionContext?.session?.kernel?.connectionStatus === 'connected' &&
      w.sessionContext.session.kernel.status === 'idle';
  }, null, { timeout: 60000 });
  check(await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name) === 'gothreads',
    'JupyterLab opens the lesson with the gothreads kernel');

  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
    // Not awaited: the command's promise settles only when every cell is done.
    window.jupyterapp.commands.execute('notebook:run-all-cells');
  });

  // Thread 1 logs "starting", then sleeps two seconds before "all done":
  // the first line must be on the page while the cell is still running.
  const watched = await page.waitForFunction(() => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets
      .find((c) => c.model.sharedModel.getSource().includes('before creating thread'));
    const shown = cell?.outputArea?.node?.textContent ?? '';
    if (!/\d\d:\d\d:\d\d: Thread 1: starting/.test(shown)) return false;
    return { running: cell.node.querySelector('.jp-InputPrompt').textContent.includes('*'), done: shown.includes('all done') };
  }, null, { timeout: 60000, polling: 100 });
  const state = await watched.jsonValue();
  check(state.running && !state.done, 'timestamped output appears in the page while its cell is still running');

  const lastText = () => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    return cells[cells.length - 1].model.outputs.toJSON().map((o) => [].concat(o.text ?? '').join('')).join('');
  };
  await page.waitForFunction(`(${lastText})().includes('runAll returned when')`, null, { timeout: 90000, polling: 200 });
  const errors = await page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter((c) => c.model.type === 'code')
    .flatMap((c) => c.model.outputs.toJSON().filter((o) => o.output_type === 'error').map((o) => o.evalue)));
  check(errors.length === 0, `all cells ran without errors (${errors.join('; ')})`);

  // A cell that never ends, stopped with the toolbar's stop button.
  const addAndRun = async (source) => page.evaluate(async (src) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const nb = panel.content;
    nb.model.sharedModel.insertCell(nb.model.cells.length, { cell_type: 'code', source: src });
    nb.activeCellIndex = nb.model.cells.length - 1;
    window.jupyterapp.commands.execute('notebook:run-cell');
  }, source);
  await addAndRun('spins := 0\nfor {\n\tspins++\n}');
  await page.waitForTimeout(1500);
  await page.click('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]');
  await page.waitForFunction(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    return cells[cells.length - 1].model.outputs.toJSON().some((o) => o.output_type === 'error' && o.ename === 'Interrupted');
  }, null, { timeout: 10000 });
  check(true, 'the stop button interrupts a running cell');

  await addAndRun('spins > 0');
  await page.waitForFunction(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    return cells[cells.length - 1].model.outputs.toJSON()
      .some((o) => o.output_type === 'execute_result' && o.data['text/plain'] === 'true');
  }, null, { timeout: 10000 });
  check(true, 'the kernel carries on after the interrupt, with its state');

  const path = shot('lab-lesson-1.png');
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
});
