#!/usr/bin/env bash
# Publishes dist/ to an S3-compatible bucket (Amazon S3, Aliyun OSS, Tencent COS, Huawei OBS, MinIO…)
# with the right content types and cache headers, using the AWS CLI.
#
#   BUCKET=s3://my-bucket/fzbg ENDPOINT=https://oss-cn-beijing.aliyuncs.com scripts/deploy/publish-object-storage.sh
#
# Build first with the public address: GONGKAI_SITE=https://static.example.gov.cn GONGKAI_BASE=/fzbg/ npm run build
set -euo pipefail
: "${BUCKET:?set BUCKET, e.g. s3://my-bucket/fzbg}"
endpoint=()
[[ -n "${ENDPOINT:-}" ]] && endpoint=(--endpoint-url "$ENDPOINT")
cd "$(dirname "$0")/../../dist"

# 1. Content-hashed search files and assets: long cache.
aws s3 sync . "$BUCKET" "${endpoint[@]}" --delete --exclude '*' \
  --include 'pagefind/fragment/*' --include 'pagefind/index/*' --include 'pagefind/filter/*' --include '_astro/*' \
  --cache-control 'public, max-age=31536000, immutable' --content-type application/octet-stream
# Pagefind's WebAssembly is not named by content (an upgrade keeps the name): short cache, its own type.
aws s3 cp pagefind/ "$BUCKET/pagefind/" "${endpoint[@]}" --recursive --exclude '*' --include '*.pagefind' \
  --cache-control 'public, max-age=300' --content-type application/wasm
aws s3 cp _astro/ "$BUCKET/_astro/" "${endpoint[@]}" --recursive --exclude '*' --include '*.css' \
  --cache-control 'public, max-age=31536000, immutable' --content-type 'text/css; charset=utf-8'
aws s3 cp _astro/ "$BUCKET/_astro/" "${endpoint[@]}" --recursive --exclude '*' --include '*.js' \
  --cache-control 'public, max-age=31536000, immutable' --content-type 'text/javascript; charset=utf-8'
# 2. Originals as departments uploaded them: always saved as a file, never shown as a page of this site
#    (object storage keeps Content-Disposition per object; a bucket cannot set a CSP, so serve downloads/
#    from a separate origin too if you can: README → Downloads on a separate origin).
aws s3 sync downloads/ "$BUCKET/downloads/" "${endpoint[@]}" --delete \
  --content-disposition attachment --cache-control 'public, max-age=300'
# 3. Everything else (pages, feeds, entry points): short cache, types guessed from extensions.
aws s3 sync . "$BUCKET" "${endpoint[@]}" --delete \
  --exclude 'pagefind/fragment/*' --exclude 'pagefind/index/*' --exclude 'pagefind/filter/*' --exclude '_astro/*' \
  --exclude 'pagefind/*.pagefind' --exclude 'downloads/*' --exclude '_headers' --cache-control 'public, max-age=300'
echo "已发布到 $BUCKET"
