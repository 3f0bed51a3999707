/**
 * Webpack build of the Excel add-in (the Google Sheets add-on has its own webpack.sheets.config.js).
 *
 *   npm run build       production build into dist/ (no source maps)
 *   npm run build:dev   development build
 *   npm run dev-server  https://localhost:3000/ with the Office dev certificates
 *
 * Entries: functions (the KPI custom functions), taskpane and commands. taskpane.html is the shared
 * runtime page: it loads the functions and commands code too. functions.json is generated from the JSDoc
 * of excel-addin/functions/functions.ts by custom-functions-metadata-plugin, which also appends the
 * CustomFunctions.associate calls to that file when it is built.
 *
 * Production URLs: set ADDIN_URL (e.g. ADDIN_URL=https://addin.example.com/ npm run build) and every
 * https://localhost:3000/ in the copied dist/manifest.xml becomes that URL. Without it the manifest
 * keeps the dev-server URLs, so a production bundle can still be side-loaded locally.
 */
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const urlDev = 'https://localhost:3000/';

/** The production base URL from ADDIN_URL, with a trailing slash, or null when unset. */
function urlProd() {
  const url = (process.env.ADDIN_URL || '').trim();
  if (!url) return null;
  if (!/^https:\/\/[^\s"'<>]+$/.test(url)) {
    throw new Error(`ADDIN_URL must be an https:// URL, got ${JSON.stringify(url)}`);
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Dev-server https options from office-addin-dev-certs, which makes the certificates and installs its CA
 * in the system's trust store. Where that install is not possible (e.g. a Linux container without sudo)
 * the certificates it made are used anyway, with a warning: trust ca.crt by hand in that case.
 */
async function getHttpsOptions() {
  const devCerts = require('office-addin-dev-certs');
  try {
    const httpsOptions = await devCerts.getHttpsServerOptions();
    return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
  } catch (e) {
    const fs = require('fs');
    const dir = path.join(require('os').homedir(), '.office-addin-dev-certs');
    const file = (name) => path.join(dir, name);
    if (!['ca.crt', 'localhost.crt', 'localhost.key'].every((n) => fs.existsSync(file(n)))) throw e;
    process.stderr.write(
      `[dev-server] ${e instanceof Error ? e.message.split('\n')[0] : e}\n` +
        `[dev-server] Using the certificates in ${dir}; trust ${file('ca.crt')} by hand.\n`,
    );
    return {
      ca: fs.readFileSync(file('ca.crt')),
      key: fs.readFileSync(file('localhost.key')),
      cert: fs.readFileSync(file('localhost.crt')),
    };
  }
}

/**
 * Emits functions-zh-cn.json: the functions.json that custom-functions-metadata-plugin generated, with the
 * descriptions of the functions and their parameters in Chinese (excel-addin/functions/functions.zh-cn.json,
 * generated from the registry by `npm run gen:functions`). Ids, names and types stay the same, so a
 * formula such as =KPI.GROWTH(B2, C2) works in every language. The manifest serves this file to Excel in
 * Chinese (bt:Override Locale="zh-CN" of Functions.Metadata.Url).
 */
class ChineseFunctionsMetadataPlugin {
  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const textsFile = path.resolve(__dirname, 'excel-addin/functions/functions.zh-cn.json');
    compiler.hooks.thisCompilation.tap('ChineseFunctionsMetadataPlugin', (compilation) => {
      compilation.fileDependencies.add(textsFile);
      compilation.hooks.processAssets.tap(
        { name: 'ChineseFunctionsMetadataPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        (assets) => {
          const base = assets['functions.json'];
          if (!base) return; // custom-functions-metadata reported an error already
          const meta = JSON.parse(base.source().toString());
          const texts = JSON.parse(require('fs').readFileSync(textsFile, 'utf8'));
          for (const f of meta.functions) {
            const zh = texts[f.id];
            if (!zh || zh.parameters.length !== (f.parameters || []).length) {
              compilation.errors.push(
                new WebpackError(`${textsFile} does not match function ${f.id}: run npm run gen:functions`),
              );
              return;
            }
            f.description = zh.description;
            (f.parameters || []).forEach((p, i) => (p.description = zh.parameters[i]));
          }
          compilation.emitAsset('functions-zh-cn.json', new sources.RawSource(JSON.stringify(meta, null, 4)));
        },
      );
    });
  }
}

/** Files in dist/ that this build does not write and must not delete (another build's output). */
function keepOthers(asset) {
  return /^sheets[-/\\]|^appsscript\.json$|^\.clasp/.test(asset);
}

module.exports = async (env, options) => {
  const dev = options.mode === 'development';
  const prodUrl = dev ? null : urlProd();
  const config = {
    mode: dev ? 'development' : 'production',
    devtool: dev ? 'source-map' : false,
    target: ['web', 'es2017'],
    entry: {
      functions: './excel-addin/functions/functions.ts',
      taskpane: './excel-addin/taskpane/taskpane.ts',
      commands: './excel-addin/commands/commands.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      clean: { keep: keepOthers },
    },
    resolve: {
      extensions: ['.ts', '.js'],
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              // Type checking is `npm run typecheck` (strict tsconfig); the bundle only transpiles.
              transpileOnly: true,
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              compilerOptions: {
                noEmit: false,
                module: 'ESNext',
                target: 'ES2017',
                sourceMap: dev,
              },
            },
          },
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico|svg)$/,
          type: 'asset/resource',
          generator: { filename: 'assets/[name][ext]' },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: 'functions.json',
        input: './excel-addin/functions/functions.ts',
      }),
      new ChineseFunctionsMetadataPlugin(),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './excel-addin/taskpane/taskpane.html',
        // The shared runtime page: custom functions, ribbon commands and the task pane run here.
        chunks: ['functions', 'commands', 'taskpane'],
        chunksSortMode: 'manual',
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './excel-addin/commands/commands.html',
        chunks: ['commands'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*', to: 'assets/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform(content) {
              return prodUrl ? content.toString().replaceAll(urlDev, prodUrl) : content;
            },
          },
        ],
      }),
    ],
    performance: {
      // The task pane bundle may grow with the panel; the functions bundle is checked by the tests.
      hints: false,
    },
  };

  // Certificates only when serving: building must not need them.
  if (env && env.WEBPACK_SERVE) {
    config.devServer = {
      static: { directory: path.resolve(__dirname, 'dist') },
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: await getHttpsOptions() },
      port: Number(process.env.npm_package_config_dev_server_port) || 3000,
    };
  }

  return config;
};
