import { PageConfig, URLExt } from '@jupyterlab/coreutils';
// eslint-disable-next-line no-undef
__webpack_public_path__ = URLExt.join(PageConfig.getOption('fullStaticUrl'), '/');

import '../build/lab/style.js';

window.addEventListener('load', async () => {
  const { JupyterLab } = await import('@jupyterlab/application');
  const mods = [
    import('@jupyterlab/application-extension'),
    import('@jupyterlab/apputils-extension'),
    import('@jupyterlab/codemirror-extension'),
    import('@jupyterlab/completer-extension'),
    import('@jupyterlab/docmanager-extension'),
    import('@jupyterlab/filebrowser-extension'),
    import('@jupyterlab/mainmenu-extension'),
    import('@jupyterlab/notebook-extension'),
    import('@jupyterlab/rendermime-extension'),
    import('@jupyterlab/shortcuts-extension'),
    import('@jupyterlab/theme-light-extension'),
    import('@jupyterlab/translation-extension'),
    import('@jupyterlab/ui-components-extension'),
    import('@jupyterlab/statusbar-extension'),
    import('@jupyterlab/documentsearch-extension'),
    import('@jupyterlab/lsp-extension'),
    import('@jupyterlab/metadataform-extension'),
    import('@jupyterlab/toc-extension'),
    import('@jupyterlab/markedparser-extension'),
  ];
  const lab = new JupyterLab();
  lab.registerPluginModules(await Promise.all(mods));
  window.jupyterapp = lab;
  await lab.start();
  await lab.restored;
  document.body.dataset.labReady = 'true';
});
