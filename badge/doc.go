// Package badge bakes credentials into PNG and SVG badge images and
// extracts them, so that a badge image carries its own proof.
//
// [BakePNG], [BakeSVG] and [Bake] add a credential; [UnbakePNG],
// [UnbakeSVG] and [Unbake] return it with what was found ([Baked]: the
// keyword or element, the [Form] — JSON, compact JWS or URL — and the
// version). Both directions work on the bytes of the file and never
// decode or re-serialise the image:
//
//   - PNG is read chunk by chunk; the signature and every chunk's length,
//     type and CRC are checked, and a declared length is compared with
//     what remains before it is used. Baking copies every other chunk
//     byte for byte.
//   - SVG is tokenised (encoding/xml) only to learn byte offsets; the
//     baked element and, when needed, an xmlns:openbadges attribute on
//     the root are spliced in and everything else is kept as it was.
//     DOCTYPE and ENTITY declarations are refused ([ErrDTD]), so neither
//     external entities nor entity expansion can occur.
//
// # Where the PNG chunk goes
//
// The iTXt chunk is inserted immediately before IEND. PNG puts no
// ordering constraint on text chunks, and the baking specifications say
// to scan all chunks for the keyword, so readers find it either way.
// Before IEND means every original chunk keeps not only its bytes but its
// offset (baking is an insertion near the end of the file), and the
// chunks whose order matters (IHDR, PLTE, tRNS, IDAT, ...) are never
// touched. The cost: a streaming reader that stops at the first IDAT
// misses it — none of the baking specifications' readers does. (Mozilla's
// openbadges-bakery inserts after IHDR instead; each reads the other's.)
//
// # Versions
//
// Open Badges 3.0 (and any Verifiable Credential, JSON with an embedded
// proof or a VC-JWT) uses the PNG keyword "openbadgecredential" and the
// SVG element <openbadges:credential> in https://purl.imsglobal.org/ob/v3p0.
// Open Badges 2.0 and OBI 1.x (assertion JSON, signed JWS, or hosted URL)
// use the keyword "openbadges" and <openbadges:assertion verify="…"> in
// http://openbadges.org. [Options.Version] picks one; by default Bake
// decides from the content ([Classify]).
//
// Readers are lenient where badges in the wild are: a credential of one
// version under the other's keyword, a legacy tEXt chunk, compressed
// iTXt or zTXt (inflated up to [Options.MaxContentBytes]), a baked
// element that is not the root's first child — each is extracted and
// noted in [Baked.Warnings]. Two baked credentials in one image are an
// error ([ErrMultipleCredentials]), as is baking over an existing one
// without [Options.Replace] ([ErrAlreadyBaked]).
//
// # Limits
//
// Images are capped at [DefaultMaxImageBytes] (16 MiB) and the baked
// credential, after decompression, at [DefaultMaxContentBytes] (1 MiB,
// the verifier's default credential limit); SVG nesting is capped at 256
// elements. Memory stays proportional to the input.
//
// # Test images
//
// badge/testdata holds small images made by this package's tests: run
// `go test ./badge -run TestGenerateTestdata -update` to regenerate them
// (plain images are drawn with image/png; the baked ones are made by
// BakePNG/BakeSVG or, for the legacy and compressed forms, by hand).
//
// Specifications:
//   - Open Badges 3.0, baked badges: https://www.imsglobal.org/spec/ob/v3p0/#baking
//   - Open Badges 2.0, baking specification: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html
//   - OBI 1.0 baking (legacy tEXt URL): https://github.com/mozilla/openbadges-specification/blob/master/Badge-Baking/latest.md
//   - PNG, chunk layout and CRC: https://www.w3.org/TR/png-3/#5Chunk-layout
//   - PNG, textual chunks: https://www.w3.org/TR/png-3/#11iTXt, https://www.w3.org/TR/png-3/#11tEXt, https://www.w3.org/TR/png-3/#11zTXt
//   - XML 1.0, CDATA sections and attribute normalisation: https://www.w3.org/TR/xml/#sec-cdata-sect, https://www.w3.org/TR/xml/#AVNormalize
package badge
