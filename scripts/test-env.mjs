// Before `npm test`: the browser tests need Chromium and a CJK font. On a fresh Debian machine
// where we are root they are installed; elsewhere the missing piece is named.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const hasChromium = fs.existsSync('/usr/bin/chromium');
let hasFont;
try {
  hasFont = /Noto Sans CJK/i.test(execSync('fc-list', { encoding: 'utf8' }));
} catch {
  hasFont = false;
}
const missing = [!hasChromium && 'chromium', !hasFont && 'fonts-noto-cjk'].filter(Boolean);
if (missing.length) {
  const root = process.getuid?.() === 0;
  if (root && fs.existsSync('/usr/bin/apt-get')) {
    console.log(`正在安装浏览器测试所需的 ${missing.join('、')} …`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
  } else {
    console.error(`浏览器测试需要 ${missing.join('、')}：请先运行 sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}
