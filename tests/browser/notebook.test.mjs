// Runs lesson 1 in Debian's classic Jupyter Notebook, in headless Chromium,
// the way a learner does: open it, run all cells, watch timestamped output
// arrive while a cell still runs, stop a running cell with the toolbar
// button, check that the kernel carries on, and save a screenshot.
//
// Needs: jupyter-notebook and chromium (Debian), playwright-core (npm), and
// the gothreads kernelspec under JUPYTER_PATH (make test-jupyter installs it).
// Usage: node notebook.test.mjs  (from make test-browser)

import { check, runInBrowser } from './harness.mjs';

const lesson = '01-starting-threads.ipynb';

await runInBrowser({
  viewport: { width: 1280, height: 1600 },
  serverCommand: ({ port, token, nbdir }) => ['jupyter-notebook', '--no-browser', `--port=${port}`, '--port-retries=0',
    '--ip=127.0.0.1', `--NotebookApp.token=${token}`, `--notebook-dir=${nbdir}`, '--allow-root'],
}, async ({ page, base, token, shot }) => {
  await page.goto(`${base}/notebooks/${lesson}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.(), null, { timeout: 60000 });
  check(await page.evaluate(() => Jupyter.notebook.kernel.name) === 'gothreads', 'the notebook opens with the gothreads kernel');

  // Run everything from a clean slate.
  await page.evaluate(() => { Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells(); });

  // Thread 1 logs "starting", then sleeps two seconds before "all done":
  // the first line must be on the page while the cell is still running.
  const started = page.locator('.output_area', { hasText: /\d\d:\d\d:\d\d: Thread 1: starting/ }).first();
  await started.waitFor({ timeout: 60000 });
  const stillRunning = await page.evaluate(() => {
    const cell = Jupyter.notebook.get_cells().find((c) => c.get_text().includes('before creating thread'));
    const out = cell.output_area.element.text();
    return out.includes('Thread 1: starting') && !out.includes('all done') &&
      cell.element.find('.input_prompt').text().includes('*');
  });
  check(stillRunning, 'timestamped output appears while its cell is still running');

  await page.locator('.output_area', { hasText: 'runAll returned when' }).first().waitFor({ timeout: 90000 });
  const errors = await page.evaluate(() => Jupyter.notebook.get_cells()
    .filter((c) => c.cell_type === 'code')
    .flatMap((c) => c.output_area.outputs.filter((o) => o.output_type === 'error').map((o) => o.evalue)));
  check(errors.length === 0, `all cells ran without errors (${errors.join('; ')})`);

  // A cell that never ends, stopped with the toolbar's interrupt button.
  await page.evaluate(() => {
    const cell = Jupyter.notebook.insert_cell_at_bottom('code');
    cell.set_text('spins := 0\nfor {\n\tspins++\n}');
    cell.execute();
  });
  await page.waitForTimeout(1500);
  await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
  await page.locator('.output_area', { hasText: 'Interrupted' }).last().waitFor({ timeout: 10000 });
  check(true, 'the interrupt button stops a running cell');

  await page.evaluate(() => {
    const cell = Jupyter.notebook.insert_cell_at_bottom('code');
    cell.set_text('spins > 0');
    cell.execute();
  });
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells();
    const outs = cells[cells.length - 1].output_area.outputs;
    return outs.some((o) => o.output_type === 'execute_result' && o.data['text/plain'] === 'true');
  }, null, { timeout: 10000 });
  check(true, 'the kernel carries on after the interrupt, with its state');

  const path = shot('notebook-lesson-1.png');
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
});
