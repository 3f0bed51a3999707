/**
 * The https options of the dev server (https://localhost:3000), from the development certificates of
 * office-addin-dev-certs in ~/.office-addin-dev-certs/: ca.crt (the CA to trust once), localhost.crt and
 * localhost.key. office-addin-dev-certs makes them valid for 30 days.
 *
 * Certificates that are still good are used as they are: the CA is never regenerated while it is valid, so a
 * CA that a user trusted by hand (a browser's own store, a Linux trust store office-addin-dev-certs does not
 * look in) keeps working. office-addin-dev-certs's getHttpsServerOptions would delete and regenerate them
 * whenever its check of the system store fails. Only missing, expiring (less than a day left, as
 * office-addin-dev-certs counts) or broken certificates are made again, and installed, by office-addin-dev-certs.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const DIR = path.join(os.homedir(), '.office-addin-dev-certs');
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The certificates in `dir` if they can serve https://localhost: present, the CA and the localhost certificate
 * valid for more than a day from `now`, the localhost certificate signed by the CA, the key its own.
 * Otherwise `{ why }`, a short reason.
 */
function usableCertificates(dir = DIR, now = Date.now()) {
  const file = (name) => path.join(dir, name);
  const names = ['ca.crt', 'localhost.crt', 'localhost.key'];
  const missing = names.filter((n) => !fs.existsSync(file(n)));
  if (missing.length) return { why: `no ${missing.join(', ')} in ${dir}` };
  const [ca, cert, key] = names.map((n) => fs.readFileSync(file(n)));
  try {
    const caX = new crypto.X509Certificate(ca);
    const certX = new crypto.X509Certificate(cert);
    for (const [name, x] of [
      ['ca.crt', caX],
      ['localhost.crt', certX],
    ]) {
      if (Date.parse(x.validTo) - now < DAY_MS) return { why: `${file(name)} expires ${x.validTo}` };
    }
    if (!certX.checkIssued(caX) || !certX.verify(caX.publicKey))
      return { why: `${file('localhost.crt')} is not signed by ${file('ca.crt')}` };
    if (!certX.checkPrivateKey(crypto.createPrivateKey(key)))
      return { why: `${file('localhost.key')} is not the key of ${file('localhost.crt')}` };
    return { ca, cert, key, validTo: certX.validTo };
  } catch (e) {
    return { why: `the certificates in ${dir} cannot be read (${e instanceof Error ? e.message : e})` };
  }
}

/**
 * The https options { ca, key, cert }: the certificates in ~/.office-addin-dev-certs/ while they are usable,
 * else new ones made and installed by office-addin-dev-certs (which may ask for a password: sudo, Keychain).
 * Where it makes them but cannot install the CA (e.g. Linux without sudo) they are used anyway. `log` gets one
 * line for each thing worth knowing.
 */
async function httpsOptions(log = (line) => process.stderr.write(`${line}\n`)) {
  const kept = usableCertificates();
  if (kept.ca) return { ca: kept.ca, key: kept.key, cert: kept.cert };
  log(`[dev-certs] ${kept.why}: making new development certificates (trust the new CA once, see README)`);
  const devCerts = require('office-addin-dev-certs');
  try {
    const o = await devCerts.getHttpsServerOptions();
    return { ca: o.ca, key: o.key, cert: o.cert };
  } catch (e) {
    const made = usableCertificates();
    if (!made.ca) throw e;
    log(`[dev-certs] ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    log(`[dev-certs] Using the certificates in ${DIR}; trust ${path.join(DIR, 'ca.crt')} by hand.`);
    return { ca: made.ca, key: made.key, cert: made.cert };
  }
}

module.exports = { DIR, usableCertificates, httpsOptions };
