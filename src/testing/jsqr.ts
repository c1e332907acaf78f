import jsQRModule from 'jsqr';

type JsQR = typeof jsQRModule.default;
/** jsqr is a UMD bundle: module.exports is the function, while its types declare `export default`. */
export const jsQR: JsQR = (jsQRModule as { default?: JsQR }).default ?? (jsQRModule as unknown as JsQR);
