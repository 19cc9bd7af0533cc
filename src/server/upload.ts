import type { FastifyRequest } from "fastify";
import { DubanError, ErrorCode, errors } from "../core/errors.js";

/**
 * The one spreadsheet of an import upload (multipart/form-data), read whole up to `maxBytes`. A larger file
 * is refused with 413 naming the file and the limit, before the rest of it is read.
 */
export async function readUploadedFile(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; fileName: string }> {
  if (!req.isMultipart())
    throw errors.invalid(
      "file",
      "send the .xlsx as multipart/form-data",
      "请以 multipart/form-data 上传 .xlsx 文件",
    );
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw errors.invalid("file", "no file in the upload", "上传内容中没有文件");
  try {
    return { bytes: await part.toBuffer(), fileName: part.filename };
  } catch (err) {
    if ((err as { code?: string }).code !== "FST_REQ_FILE_TOO_LARGE") throw err;
    const mb = maxBytes / 1048576;
    throw new DubanError(
      ErrorCode.PayloadTooLarge,
      `${part.filename}: larger than ${mb} MB`,
      `${part.filename}：文件超过 ${mb} MB`,
      { target: part.filename },
    );
  }
}
