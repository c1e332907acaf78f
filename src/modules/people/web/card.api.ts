/** 会员卡核验 over HTTP: one verification per scanned code. */
import { useMutation } from '@tanstack/react-query';
import { http } from '../../../web/http.ts';
import type { CardVerifyResult } from '../card.contract.ts';

export function useVerifyCard() {
  return useMutation({ mutationFn: (code: string) => http.post<CardVerifyResult>('/api/people/card/verify', { code }) });
}
