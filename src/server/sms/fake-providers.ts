/**
 * Stand-ins for the text-message providers' APIs, for tests: a real HTTP server on 127.0.0.1 that
 * answers SendSms as Alibaba Cloud (ACS3-signed, parameters in the query or form, `Code: OK`) or Tencent Cloud
 * (JSON body, `X-TC-Action`, `SendStatusSet`) do, and keeps every request it was sent.
 */
import http from 'node:http';

export interface FakeSmsRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Query and form parameters (Alibaba Cloud) or the JSON body's fields (Tencent Cloud). */
  params: Record<string, unknown>;
}

export interface FakeSmsProvider {
  url: string;
  requests: FakeSmsRequest[];
  /** Refuse the next sends with this provider error code (e.g. `isv.BUSINESS_LIMIT_CONTROL`). */
  refuseWith: string | null;
  close(): Promise<void>;
}

export async function startFakeSmsProvider(kind: 'aliyun' | 'tencent'): Promise<FakeSmsProvider> {
  const fake: FakeSmsProvider = { url: '', requests: [], refuseWith: null, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const url = new URL(req.url ?? '/', 'http://fake');
      const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
      if ((req.headers['content-type'] ?? '').includes('json') && raw) Object.assign(params, JSON.parse(raw) as object);
      else if (raw) Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
      fake.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, params });
      const n = fake.requests.length;
      res.setHeader('content-type', 'application/json');
      if (kind === 'aliyun') {
        res.end(
          JSON.stringify(
            fake.refuseWith
              ? { Code: fake.refuseWith, Message: '触发号码天级流控', RequestId: `req-${n}` }
              : { Code: 'OK', Message: 'OK', BizId: `biz-${n}`, RequestId: `req-${n}` },
          ),
        );
      } else {
        const phone = (params.PhoneNumberSet as string[] | undefined)?.[0] ?? '';
        res.end(
          JSON.stringify({
            Response: {
              SendStatusSet: [
                fake.refuseWith
                  ? { SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: '', Code: fake.refuseWith, Message: 'limit exceeded', IsoCode: 'CN' }
                  : { SerialNo: `serial-${n}`, PhoneNumber: phone, Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' },
              ],
              RequestId: `req-${n}`,
            },
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
