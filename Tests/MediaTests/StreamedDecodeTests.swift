import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// libjpeg's rows are resized as they are decoded, so that a 12 MP upload never holds its
    /// decoded image whole (two media workers did, 9 MB each, beside the resized copies).
    @Suite("Resizing as libjpeg decodes")
    struct StreamedDecodeTests {
        @Test("rows resized as they are decoded give the bytes of the whole decoded image, holding a few bands",
              arguments: [1, 3, 6, 8])
        func streamedEqualsWhole(orientation: Int) throws {
            // Given a 1000x750 noisy JPEG
            let upload = try Fixtures.noisyJPEG(width: 1000, height: 750)
            try upload.withUnsafeBytes { bytes in
                // When it is resized to 400x300 and turned upright from streamed rows and from the whole image
                let streamed = StreamedJPEGRows(try JPEGRows(bytes, eighths: 8, crop: nil))
                var rows: any DecodedRows = streamed
                let fromStream = try UprightResize.resized(&rows, width: 400, height: 300, orientation: orientation)
                let whole = try JPEGDecoder.decode(bytes, eighths: 8, crop: nil, toTheEnd: true)
                let fromWhole = try whole.resampled(width: 400, height: 300).upright(orientation)
                // Then both are the same bytes, and the stream held far fewer rows than the image has
                #expect((fromStream.width, fromStream.height) == (fromWhole.width, fromWhole.height))
                #expect(Self.bytes(fromStream) == Self.bytes(fromWhole))
                #expect(streamed.heldRows <= 128, "held \(streamed.heldRows) of 750 rows")
            }
        }

        @Test("a cover tile cut from streamed rows skips the rows above and below the crop")
        func croppedStream() throws {
            // Given a 640x480 noisy JPEG and the centre 200x100 of it
            let upload = try Fixtures.noisyJPEG(width: 640, height: 480)
            let centre = PixelRect(left: 220, top: 190, width: 200, height: 100)
            try upload.withUnsafeBytes { bytes in
                // When the crop is decoded as streamed rows and resized to 100x50
                var rows: any DecodedRows = StreamedJPEGRows(try JPEGRows(bytes, eighths: 8, crop: centre))
                let tile = try UprightResize.resized(&rows, width: 100, height: 50, orientation: 1)
                // Then it equals the same crop of the whole image, resized
                let whole = try JPEGDecoder.decode(bytes, eighths: 8, crop: nil, toTheEnd: true)
                #expect(Self.bytes(tile) == Self.bytes(try whole.resampled(crop: centre, width: 100, height: 50)))
            }
        }

        static func bytes(_ pixels: RGBPixels) -> [UInt8] {
            [UInt8](UnsafeBufferPointer(start: pixels.bytes, count: pixels.stride * pixels.height))
        }
    }
}

extension MediaTests.StreamedDecodeTests {
    @Test("tiny photos and photos already small enough pass through the streamed path in every orientation",
          arguments: [(1, 1), (7, 5), (40, 33)], [1, 2, 5, 6, 7, 8])
    func smallPhotos(size: (Int, Int), orientation: Int) throws {
        // Given a small JPEG tagged `orientation` (no resize: it is under the stored long side)
        let (width, height) = size
        let upload = try Fixtures.jpeg(Fixtures.image(width: width, height: height) { x, y in
            Fixtures.quadrantColour(x: x, y: y, width: width, height: height)
        }.settingInteger("orientation", to: orientation), quality: 95)
        // When it is ingested
        let photo = try PhotoIngest().ingest(upload)
        // Then its sides are the stored ones, swapped for orientations 5...8
        let upright = orientation >= 5 ? (height, width) : (width, height)
        #expect((photo.width, photo.height) == upright)
        #expect((photo.thumbnailWidth, photo.thumbnailHeight) == upright)
    }
}
