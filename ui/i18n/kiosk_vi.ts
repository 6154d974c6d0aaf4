<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CatalogFreshness</name>
    <message>
        <source>The procedure catalog is loading…</source>
        <translation>Đang tải danh mục thủ tục…</translation>
    </message>
    <message>
        <source>Showing the saved catalog (%1 procedures, %2).</source>
        <translation>Đang dùng danh mục đã lưu (%1 thủ tục, %2).</translation>
    </message>
    <message>
        <source>%1 procedures, %2.</source>
        <translation>%1 thủ tục, %2.</translation>
    </message>
</context>
<context>
    <name>DetailScreen</name>
    <message>
        <source>This procedure is not in the kiosk&apos;s catalog.</source>
        <translation>Thủ tục này không có trong danh mục của kiosk.</translation>
    </message>
    <message>
        <source>Code %1 · Field: %2</source>
        <translation>Mã %1 · Lĩnh vực: %2</translation>
    </message>
    <message>
        <source>Procedures are published in Vietnamese only; the official text is shown as published.</source>
        <translation>Procedures are published in Vietnamese only; the official text is shown as published.</translation>
    </message>
    <message>
        <source>Can it be done online?</source>
        <translation>Có làm trực tuyến được không?</translation>
    </message>
    <message>
        <source>Who handles it</source>
        <translation>Cơ quan giải quyết</translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation>Cấp thực hiện: %1</translation>
    </message>
    <message>
        <source>The kiosk does not have the list of papers, the fee or the processing time for this procedure yet. Scan the QR code to read them on the National Public Service Portal, or ask at the one-stop counter of the ward office.</source>
        <translation>Kiosk chưa có danh sách giấy tờ, lệ phí và thời gian giải quyết của thủ tục này. Hãy quét mã QR để xem trên Cổng dịch vụ công quốc gia, hoặc hỏi tại Bộ phận một cửa của UBND xã, phường.</translation>
    </message>
    <message>
        <source>How long it takes</source>
        <translation>Thời gian giải quyết</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang</translation>
    </message>
    <message>
        <source>Originals to show</source>
        <translation>Bản chính cần xuất trình</translation>
    </message>
    <message>
        <source>What you receive</source>
        <translation>Kết quả nhận được</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Điều kiện</translation>
    </message>
    <message>
        <source>Good to know</source>
        <translation>Lưu ý</translation>
    </message>
    <message>
        <source>Open this procedure on your phone</source>
        <translation>Xem thủ tục này trên điện thoại</translation>
    </message>
    <message>
        <source>Point your phone&apos;s camera at the code.</source>
        <translation>Hướng camera điện thoại vào mã này.</translation>
    </message>
</context>
<context>
    <name>FieldPicker</name>
    <message>
        <source>Choose a field</source>
        <translation>Chọn lĩnh vực</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
</context>
<context>
    <name>IdentifyConfirmScreen</name>
    <message>
        <source>Thank you, you are identified</source>
        <translation>Cảm ơn, bạn đã được xác thực</translation>
    </message>
    <message>
        <source>Is this you?</source>
        <translation>Đây có phải là bạn không?</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Permanent residence</source>
        <translation>Nơi thường trú</translation>
    </message>
    <message>
        <source>Photo on the chip (staff only, not saved)</source>
        <translation>Ảnh trong chip (chỉ cán bộ xem, không lưu lại)</translation>
    </message>
    <message>
        <source>The card&apos;s chip was checked: these details are genuine.</source>
        <translation>Chip của thẻ đã được kiểm tra: các thông tin này là thật.</translation>
    </message>
    <message>
        <source>These details come from the QR code on your card; the chip was not read. Some services need the chip: place the card on the reader for those.</source>
        <translation>Thông tin này lấy từ mã QR trên thẻ của bạn; chip chưa được đọc. Một số dịch vụ cần đọc chip: khi đó hãy đặt thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <source>The card&apos;s chip could not be checked. Staff may ask to see the card.</source>
        <translation>Không kiểm tra được chip của thẻ. Cán bộ có thể đề nghị xem thẻ.</translation>
    </message>
    <message>
        <source>The kiosk will use these details for this visit only. Take your card with you when you leave: the kiosk then forgets them.</source>
        <translation>Ki-ốt chỉ dùng các thông tin này trong lần sử dụng này. Hãy cầm thẻ theo khi rời đi: ki-ốt sẽ xóa các thông tin đó.</translation>
    </message>
    <message>
        <source>Yes, this is me</source>
        <translation>Đúng là tôi</translation>
    </message>
    <message>
        <source>No, this is not me</source>
        <translation>Không phải tôi</translation>
    </message>
</context>
<context>
    <name>IdentifyReadingScreen</name>
    <message>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <source>Do not move the card. This takes a few seconds.</source>
        <translation>Không di chuyển thẻ. Việc đọc mất vài giây.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your ID card on the reader</source>
        <translation>Đặt thẻ CCCD lên đầu đọc</translation>
    </message>
    <message>
        <source>Lay the chip ID card (CCCD) flat on the reader below the screen and leave it there until you have finished. Then type your 12-digit ID number and your date of birth, as printed on the card.</source>
        <translation>Đặt thẻ CCCD gắn chip nằm phẳng trên đầu đọc dưới màn hình và để nguyên cho đến khi xong. Sau đó nhập số định danh 12 chữ số và ngày sinh như in trên thẻ.</translation>
    </message>
    <message>
        <source>ID number (12 digits)</source>
        <translation>Số định danh (12 chữ số)</translation>
    </message>
    <message>
        <source>Date of birth (day/month/year)</source>
        <translation>Ngày sinh (ngày/tháng/năm)</translation>
    </message>
    <message>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <source>Expiry date printed on the card (day/month/year)</source>
        <translation>Ngày hết hạn in trên thẻ (ngày/tháng/năm)</translation>
    </message>
    <message>
        <source>My card says: %1 (no expiry)</source>
        <translation>Thẻ của tôi ghi: %1</translation>
    </message>
    <message>
        <source>Read the card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <source>Demo: take the sample card off the reader</source>
        <translation>Chế độ thử: lấy thẻ mẫu ra khỏi đầu đọc</translation>
    </message>
    <message>
        <source>Demo: place the sample card (ID 001190012345, born 15/03/1990)</source>
        <translation>Chế độ thử: đặt thẻ mẫu lên đầu đọc (số 001190012345, sinh ngày 15/03/1990)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Hanoi public service kiosk</source>
        <translation>Kiosk dịch vụ công Hà Nội</translation>
    </message>
    <message>
        <source>Assisted mode: a staff member is helping</source>
        <translation>Chế độ hỗ trợ: cán bộ đang giúp công dân</translation>
    </message>
    <message>
        <source>End assisted mode</source>
        <translation>Thoát chế độ hỗ trợ</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The public service portal cannot be reached right now.</source>
        <translation>Hiện không kết nối được Cổng dịch vụ công.</translation>
    </message>
    <message>
        <source>The public service portal is not answering right now.</source>
        <translation>Cổng dịch vụ công hiện không phản hồi.</translation>
    </message>
    <message>
        <source>The connection to the portal is not secure, so the kiosk did not use it.</source>
        <translation>Kết nối tới Cổng dịch vụ công không an toàn nên kiosk đã không sử dụng.</translation>
    </message>
    <message>
        <source>The public service portal has a problem right now.</source>
        <translation>Cổng dịch vụ công đang gặp sự cố.</translation>
    </message>
    <message>
        <source>The public service portal sent an answer the kiosk cannot read.</source>
        <translation>Cổng dịch vụ công trả về dữ liệu kiosk không đọc được.</translation>
    </message>
    <message>
        <source>The public service portal is busy. The kiosk will try again shortly.</source>
        <translation>Cổng dịch vụ công đang quá tải. Kiosk sẽ tự thử lại sau ít phút.</translation>
    </message>
    <message>
        <source>The public service portal refused the request.</source>
        <translation>Cổng dịch vụ công từ chối yêu cầu.</translation>
    </message>
    <message>
        <source>The catalog is being downloaded again in full.</source>
        <translation>Danh mục đang được tải lại toàn bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s storage is full. Please tell the staff.</source>
        <translation>Bộ nhớ của kiosk đã đầy. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s saved data is damaged. Please tell the staff.</source>
        <translation>Dữ liệu lưu trên kiosk bị hỏng. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s saved data cannot be opened. Please tell the staff.</source>
        <translation>Không mở được dữ liệu lưu trên kiosk. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card answered in a way the kiosk cannot understand. Lift the card, place it again and retry.</source>
        <translation>Thẻ trả lời theo cách kiosk không hiểu được. Hãy nhấc thẻ lên, đặt lại rồi thử lại.</translation>
    </message>
    <message>
        <source>The card was reset while it was being read. Keep it still on the reader and try again.</source>
        <translation>Thẻ bị khởi động lại trong lúc đọc. Hãy giữ yên thẻ trên đầu đọc và thử lại.</translation>
    </message>
    <message>
        <source>This card cannot be opened with the card number alone. Type your ID number and date of birth.</source>
        <translation>Không mở được thẻ này chỉ bằng số thẻ. Hãy nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>The card did not open with this ID number and date of birth. Check both against the card; if they are right, also type the expiry date printed on the card, then try again.</source>
        <translation>Không mở được thẻ với số định danh và ngày sinh này. Hãy đối chiếu cả hai với thẻ; nếu đã đúng, hãy nhập thêm ngày hết hạn in trên thẻ rồi thử lại.</translation>
    </message>
    <message>
        <source>The card was moved away while it was being read. Place it on the reader again, keep it still, and touch Read the card.</source>
        <translation>Thẻ bị nhấc ra khi đang đọc. Hãy đặt lại thẻ lên đầu đọc, giữ yên và chạm Đọc thẻ.</translation>
    </message>
    <message>
        <source>No card is on the reader. Place your ID card flat on the reader and try again.</source>
        <translation>Chưa có thẻ trên đầu đọc. Hãy đặt thẻ CCCD nằm phẳng trên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>This card is not a chip ID card (CCCD). Please use your chip ID card.</source>
        <translation>Thẻ này không phải thẻ CCCD gắn chip. Vui lòng dùng thẻ CCCD gắn chip của bạn.</translation>
    </message>
    <message>
        <source>The card&apos;s chip gave data the kiosk cannot read. Try again; if it happens again, ask the staff.</source>
        <translation>Chip của thẻ trả về dữ liệu mà ki-ốt không đọc được. Hãy thử lại; nếu vẫn lỗi, vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>The connection with the card was disturbed. Keep the card still and try again.</source>
        <translation>Kết nối với thẻ bị gián đoạn. Hãy giữ yên thẻ rồi thử lại.</translation>
    </message>
    <message>
        <source>The card did not answer in time. Lift it, place it on the reader again and try again.</source>
        <translation>Thẻ không phản hồi kịp. Hãy nhấc thẻ lên, đặt lại lên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card could not be read. Place it on the reader again and try again.</source>
        <translation>Không đọc được thẻ. Hãy đặt lại thẻ lên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card does not respond. Check that it is the chip side down and try again.</source>
        <translation>Thẻ không phản hồi. Hãy kiểm tra mặt có chip úp xuống đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card&apos;s chip lacks data the kiosk needs. Please ask the staff.</source>
        <translation>Chip của thẻ thiếu dữ liệu mà ki-ốt cần. Vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is not connected. Please tell the staff.</source>
        <translation>Đầu đọc thẻ chưa được kết nối. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please tell the staff.</source>
        <translation>Đầu đọc thẻ hiện không hoạt động. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader was disconnected. Please tell the staff.</source>
        <translation>Đầu đọc thẻ đã bị ngắt kết nối. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is busy. Wait a moment and try again.</source>
        <translation>Đầu đọc thẻ đang bận. Hãy chờ một lát rồi thử lại.</translation>
    </message>
    <message>
        <source>The card reader is not ready yet. Wait a moment and try again.</source>
        <translation>Đầu đọc thẻ chưa sẵn sàng. Hãy chờ một lát rồi thử lại.</translation>
    </message>
    <message>
        <source>Please enter the dossier code.</source>
        <translation>Vui lòng nhập mã hồ sơ.</translation>
    </message>
    <message>
        <source>The dossier code is incomplete. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.</source>
        <translation>Mã hồ sơ chưa đủ ký tự. Mã có dạng H26.105-251122-0001 hoặc LK-251122-7QX4M28.</translation>
    </message>
    <message>
        <source>The date in the code (6 digits year-month-day, e.g. 251122) is not right. Please check it.</source>
        <translation>Phần ngày trong mã (6 chữ số năm-tháng-ngày, ví dụ 251122) không đúng. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>The agency part at the start of the dossier code (e.g. H26.105) is not right.</source>
        <translation>Phần mã cơ quan ở đầu mã hồ sơ (ví dụ H26.105) không đúng.</translation>
    </message>
    <message>
        <source>The number at the end of the dossier code must have at least 4 digits (e.g. 0001).</source>
        <translation>Số thứ tự ở cuối mã hồ sơ phải có ít nhất 4 chữ số (ví dụ 0001).</translation>
    </message>
    <message>
        <source>A character of the reference was typed wrongly. Please compare it with your receipt.</source>
        <translation>Mã tham chiếu có ký tự bị nhập sai. Vui lòng đối chiếu lại với phiếu biên nhận.</translation>
    </message>
    <message>
        <source>This is not a dossier code. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.</source>
        <translation>Đây không phải mã hồ sơ. Mã có dạng H26.105-251122-0001 hoặc LK-251122-7QX4M28.</translation>
    </message>
    <message>
        <source>This QR code is not a VietQR bank-transfer code.</source>
        <translation>Mã QR này không phải mã chuyển khoản VietQR.</translation>
    </message>
    <message>
        <source>The payment QR code is damaged or badly formed. Please scan again or use another code.</source>
        <translation>Mã QR chuyển khoản bị lỗi định dạng. Vui lòng quét lại hoặc dùng mã khác.</translation>
    </message>
    <message>
        <source>The payment QR code was misread (its check value does not match). Please scan again.</source>
        <translation>Mã QR chuyển khoản bị đọc sai (mã kiểm tra không khớp). Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The payment QR code is longer than allowed.</source>
        <translation>Mã QR chuyển khoản dài quá mức cho phép.</translation>
    </message>
    <message>
        <source>The amount in the payment QR code is not valid.</source>
        <translation>Số tiền trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The payment QR code is not in Vietnamese dong.</source>
        <translation>Mã QR không thanh toán bằng đồng Việt Nam.</translation>
    </message>
    <message>
        <source>The payment QR code is not a Vietnamese one.</source>
        <translation>Mã QR chuyển khoản không phải của Việt Nam.</translation>
    </message>
    <message>
        <source>The bank code (BIN) in the payment QR code is not valid.</source>
        <translation>Mã ngân hàng (BIN) trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The account or card number in the payment QR code is not valid.</source>
        <translation>Số tài khoản hoặc số thẻ trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The payment QR code uses a transfer service that is not supported.</source>
        <translation>Mã QR dùng một loại dịch vụ chuyển khoản không được hỗ trợ.</translation>
    </message>
    <message>
        <source>The transfer description, bill number or payee name is too long or has characters that cannot be used.</source>
        <translation>Nội dung chuyển khoản, mã hóa đơn hoặc tên người nhận quá dài hoặc có ký tự không dùng được.</translation>
    </message>
    <message>
        <source>The QR code scanner was not found. Please tell a staff member.</source>
        <translation>Không tìm thấy máy quét mã QR. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The kiosk is not allowed to use the QR code scanner. Please tell a technician.</source>
        <translation>Ki-ốt không có quyền dùng máy quét mã QR. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The QR code scanner was disconnected. The kiosk is reconnecting.</source>
        <translation>Máy quét mã QR bị ngắt kết nối. Ki-ốt đang thử kết nối lại.</translation>
    </message>
    <message>
        <source>The scanner did not read the code cleanly. Please scan it again.</source>
        <translation>Máy quét đọc mã không rõ. Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The scanned code is too long to be one the kiosk reads. Please scan again.</source>
        <translation>Mã quét quá dài, không phải mã ki-ốt đọc được. Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The QR code scanner is not configured correctly. Please tell a technician.</source>
        <translation>Cấu hình máy quét mã QR không hợp lệ. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The QR code scanner has a problem. The kiosk is retrying.</source>
        <translation>Máy quét mã QR gặp lỗi. Ki-ốt đang thử lại.</translation>
    </message>
    <message>
        <source>Another program is using the QR code scanner. Please tell a technician.</source>
        <translation>Máy quét mã QR đang được chương trình khác sử dụng. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The scanned code was not recognised. Please scan the QR code on your receipt, your ID card or a payment code.</source>
        <translation>Không nhận ra mã vừa quét. Vui lòng quét mã QR trên phiếu biên nhận, thẻ căn cước hoặc mã thanh toán.</translation>
    </message>
    <message>
        <source>The scanned code is too long to be one the kiosk can read.</source>
        <translation>Mã vừa quét quá dài, không phải mã kiosk có thể đọc.</translation>
    </message>
    <message>
        <source>Please fill in this item.</source>
        <translation>Vui lòng điền mục này.</translation>
    </message>
    <message>
        <source>This is too long. Please shorten it.</source>
        <translation>Nội dung quá dài. Vui lòng viết ngắn lại.</translation>
    </message>
    <message>
        <source>This is too short. Please check it.</source>
        <translation>Nội dung quá ngắn. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>This is not in the expected format. Please check it.</source>
        <translation>Nội dung chưa đúng định dạng. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>This date is not valid. Please enter it as day/month/year, e.g. 25/12/1990.</source>
        <translation>Ngày chưa hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/1990.</translation>
    </message>
    <message>
        <source>This date cannot be later than today.</source>
        <translation>Ngày này không được sau hôm nay.</translation>
    </message>
    <message>
        <source>This date cannot be earlier than today.</source>
        <translation>Ngày này không được trước hôm nay.</translation>
    </message>
    <message>
        <source>Please pick one of the options shown.</source>
        <translation>Vui lòng chọn một trong các phương án có sẵn.</translation>
    </message>
    <message>
        <source>This phone number is not valid. A mobile number has 10 digits and starts with 0.</source>
        <translation>Số điện thoại chưa đúng. Số di động có 10 chữ số, bắt đầu bằng 0.</translation>
    </message>
    <message>
        <source>This email address is not valid, e.g. name@example.com.</source>
        <translation>Địa chỉ thư điện tử chưa đúng, ví dụ ten@example.com.</translation>
    </message>
    <message>
        <source>The personal ID number must be exactly 12 digits.</source>
        <translation>Số định danh cá nhân phải gồm đúng 12 chữ số.</translation>
    </message>
    <message>
        <source>Please enter a whole number, digits only.</source>
        <translation>Vui lòng nhập một số nguyên, chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>This number is outside the allowed range.</source>
        <translation>Số này nằm ngoài khoảng cho phép.</translation>
    </message>
    <message>
        <source>Please pick a Hanoi commune or ward from the list.</source>
        <translation>Vui lòng chọn một xã, phường của Hà Nội trong danh sách.</translation>
    </message>
    <message>
        <source>This was read from your verified ID card and cannot be changed here.</source>
        <translation>Thông tin này được đọc từ thẻ căn cước đã xác thực và không sửa được ở đây.</translation>
    </message>
    <message>
        <source>The data-processing consent text could not be loaded. Please tell a staff member.</source>
        <translation>Không tải được nội dung đồng ý xử lý dữ liệu. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This procedure&apos;s form is damaged. Please tell a staff member.</source>
        <translation>Mẫu tờ khai của thủ tục này bị lỗi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This service is not available yet.</source>
        <translation>Dịch vụ này chưa được hỗ trợ.</translation>
    </message>
    <message>
        <source>Some details are not right. Please check the marked fields.</source>
        <translation>Một số thông tin chưa đúng. Vui lòng xem lại các ô được đánh dấu.</translation>
    </message>
    <message>
        <source>This submission was already sent with other content. Please tell a staff member.</source>
        <translation>Hồ sơ này đã được gửi với nội dung khác. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This procedure cannot be submitted online at the kiosk yet.</source>
        <translation>Thủ tục này chưa nộp được trực tuyến tại ki-ốt.</translation>
    </message>
    <message>
        <source>No dossier was found with this code. Please check the code.</source>
        <translation>Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã hồ sơ.</translation>
    </message>
    <message>
        <source>To see your dossiers, please place your chip ID card on the reader.</source>
        <translation>Để xem danh sách hồ sơ, vui lòng đặt thẻ căn cước có gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <source>The amount does not match what is owed. Please try again or ask a staff member.</source>
        <translation>Số tiền không khớp với khoản phải nộp. Vui lòng thử lại hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>Nothing is owed on this dossier at the moment.</source>
        <translation>Hồ sơ này hiện không có khoản nào phải nộp.</translation>
    </message>
    <message>
        <source>The payment request was not found.</source>
        <translation>Không tìm thấy yêu cầu thanh toán.</translation>
    </message>
    <message>
        <source>This has already been paid.</source>
        <translation>Khoản này đã được thanh toán.</translation>
    </message>
    <message>
        <source>The payment code has expired or was cancelled. Please create a new one.</source>
        <translation>Mã thanh toán đã hết hạn hoặc đã bị hủy. Vui lòng tạo mã mới.</translation>
    </message>
    <message>
        <source>This procedure is not in the catalog.</source>
        <translation>Không có thủ tục này trong danh mục.</translation>
    </message>
    <message>
        <source>This procedure has no online form yet.</source>
        <translation>Thủ tục này chưa có tờ khai trực tuyến.</translation>
    </message>
    <message>
        <source>The receiving agency is not known. Please choose the ward or commune again.</source>
        <translation>Cơ quan tiếp nhận không đúng. Vui lòng chọn lại phường, xã.</translation>
    </message>
    <message>
        <source>Your consent to process personal data is needed before submitting.</source>
        <translation>Cần có sự đồng ý của bạn để xử lý dữ liệu cá nhân trước khi nộp hồ sơ.</translation>
    </message>
    <message>
        <source>This procedure does not deliver results the way you chose.</source>
        <translation>Thủ tục này không trả kết quả theo hình thức đã chọn.</translation>
    </message>
    <message>
        <source>Please enter the address to post the result to.</source>
        <translation>Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.</translation>
    </message>
    <message>
        <source>The kiosk reference has a wrong format. Please tell a staff member.</source>
        <translation>Mã tham chiếu của ki-ốt không đúng định dạng. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The form holds information it does not ask for. Please tell a staff member.</source>
        <translation>Tờ khai có thông tin không được yêu cầu. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>An attachment is invalid or too large.</source>
        <translation>Tệp đính kèm không hợp lệ hoặc quá lớn.</translation>
    </message>
    <message>
        <source>The transfer note may hold only unaccented letters and digits, 25 at most.</source>
        <translation>Nội dung chuyển khoản chỉ gồm chữ không dấu và số, tối đa 25 ký tự.</translation>
    </message>
    <message>
        <source>The printer is offline. Please tell a staff member.</source>
        <translation>Máy in đang tạm ngừng. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please tell a staff member.</source>
        <translation>Máy in đã hết giấy. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer cover is open. Please tell a staff member.</source>
        <translation>Nắp máy in đang mở. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer has a paper jam. Please tell a staff member.</source>
        <translation>Máy in bị kẹt giấy. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer was not found. Please tell a staff member.</source>
        <translation>Không tìm thấy máy in. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer does not answer. Please tell a staff member.</source>
        <translation>Máy in không phản hồi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer has a fault. Please tell a staff member.</source>
        <translation>Máy in gặp lỗi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The paper roll is nearly used up.</source>
        <translation>Giấy in sắp hết.</translation>
    </message>
    <message>
        <source>This is a bank payment QR code. Pay it with your bank&apos;s app; the kiosk only shows its own payment codes.</source>
        <translation>Đây là mã QR thanh toán của ngân hàng. Hãy thanh toán bằng ứng dụng ngân hàng của bạn; ki-ốt chỉ hiển thị mã thanh toán của chính ki-ốt.</translation>
    </message>
    <message>
        <source>The outbox encryption key file is missing. Queued dossiers cannot be read; please call a technician.</source>
        <translation>Thiếu tệp khóa mã hóa của hàng đợi hồ sơ. Hồ sơ đang chờ không đọc được; vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file can be read by other users and was refused. Please call a technician.</source>
        <translation>Tệp khóa mã hóa có quyền truy cập quá rộng nên bị từ chối. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file is damaged. Please call a technician.</source>
        <translation>Tệp khóa mã hóa bị hỏng. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file cannot be read or created. Please call a technician.</source>
        <translation>Không đọc hoặc tạo được tệp khóa mã hóa. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key does not match the stored dossiers. Please call a technician.</source>
        <translation>Khóa mã hóa không khớp với dữ liệu hồ sơ đang lưu. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>This kiosk reference is already in the outbox.</source>
        <translation>Mã hồ sơ tại ki-ốt này đã tồn tại trong hàng đợi.</translation>
    </message>
    <message>
        <source>No such dossier in the outbox.</source>
        <translation>Không tìm thấy hồ sơ trong hàng đợi.</translation>
    </message>
    <message>
        <source>The dossier is not in a state that allows this.</source>
        <translation>Hồ sơ không ở trạng thái cho phép thao tác này.</translation>
    </message>
    <message>
        <source>The dossier data cannot be stored.</source>
        <translation>Dữ liệu hồ sơ không hợp lệ để lưu.</translation>
    </message>
    <message>
        <source>This dossier&apos;s personal data has been deleted after its retention period.</source>
        <translation>Dữ liệu cá nhân của hồ sơ này đã được xóa theo thời hạn lưu trữ.</translation>
    </message>
    <message>
        <source>That PIN is not right. Try again.</source>
        <translation>Mã PIN không đúng. Vui lòng nhập lại.</translation>
    </message>
    <message>
        <source>The PIN has 4 to 12 digits.</source>
        <translation>Mã PIN gồm từ 4 đến 12 chữ số.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Assisted mode is locked for a few minutes.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Chế độ hỗ trợ bị khóa trong vài phút.</translation>
    </message>
    <message>
        <source>Assisted mode is not set up on this kiosk.</source>
        <translation>Ki-ốt này chưa được cài đặt chế độ hỗ trợ.</translation>
    </message>
    <message>
        <source>The ID number must have exactly 12 digits. Check it on your card.</source>
        <translation>Số định danh phải có đúng 12 chữ số. Hãy xem lại trên thẻ.</translation>
    </message>
    <message>
        <source>Type your date of birth as day/month/year, for example 15/03/1990.</source>
        <translation>Nhập ngày sinh theo dạng ngày/tháng/năm, ví dụ 15/03/1990.</translation>
    </message>
    <message>
        <source>Type the expiry date as day/month/year, as printed on the front of the card.</source>
        <translation>Hãy nhập ngày hết hạn theo ngày/tháng/năm, như in ở mặt trước của thẻ.</translation>
    </message>
    <message>
        <source>The expiry date cannot be before the date of birth. Check it on the card.</source>
        <translation>Ngày hết hạn không thể trước ngày sinh. Hãy xem lại trên thẻ.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask the staff.</source>
        <translation>Đã có lỗi. Vui lòng thử lại hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>nộp trực tiếp</translation>
    </message>
    <message>
        <source>online</source>
        <translation>trực tuyến</translation>
    </message>
    <message>
        <source>by post</source>
        <translation>qua bưu chính</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n ngày</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n giờ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working hour(s)</source>
        <translation>
            <numerusform>%n giờ làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n tháng</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n tuần</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (unit not stated)</source>
        <translation>%1 (không ghi rõ đơn vị thời gian)</translation>
    </message>
    <message>
        <source>Fully online</source>
        <translation>Trực tuyến toàn trình</translation>
    </message>
    <message>
        <source>Partly online</source>
        <translation>Trực tuyến một phần</translation>
    </message>
    <message>
        <source>Online level not stated</source>
        <translation>Chưa rõ mức độ trực tuyến</translation>
    </message>
    <message>
        <source>You can submit, pay and receive the result online, without going to the office.</source>
        <translation>Bạn có thể nộp hồ sơ, nộp phí và nhận kết quả trực tuyến, không cần đến cơ quan.</translation>
    </message>
    <message>
        <source>You can submit online, but you must go to the office to finish, for example to show originals or collect the result.</source>
        <translation>Bạn có thể nộp hồ sơ trực tuyến nhưng vẫn phải đến cơ quan để hoàn tất, ví dụ xuất trình bản chính hoặc nhận kết quả.</translation>
    </message>
    <message>
        <source>The catalog does not say whether this can be done online. Scan the QR code to check on the national portal.</source>
        <translation>Danh mục chưa ghi rõ thủ tục này có làm trực tuyến được không. Hãy quét mã QR để kiểm tra trên Cổng dịch vụ công quốc gia.</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <source>Fee or charge</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Miễn phí</translation>
    </message>
    <message>
        <source>%1 VND</source>
        <translation>%1 đồng</translation>
    </message>
    <message>
        <source>never updated</source>
        <translation>chưa được cập nhật</translation>
    </message>
    <message>
        <source>updated just now</source>
        <translation>vừa cập nhật</translation>
    </message>
    <message numerus="yes">
        <source>updated %n minute(s) ago</source>
        <translation>
            <numerusform>cập nhật %n phút trước</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>updated %n hour(s) ago</source>
        <translation>
            <numerusform>cập nhật %n giờ trước</numerusform>
        </translation>
    </message>
    <message>
        <source>updated on %1</source>
        <translation>cập nhật ngày %1</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>acute</source>
        <extracomment>Name of the Vietnamese tone &quot;sắc&quot; on its keyboard key.</extracomment>
        <translation>sắc</translation>
    </message>
    <message>
        <source>grave</source>
        <extracomment>Name of the Vietnamese tone &quot;huyền&quot; on its keyboard key.</extracomment>
        <translation>huyền</translation>
    </message>
    <message>
        <source>hook</source>
        <extracomment>Name of the Vietnamese tone &quot;hỏi&quot; on its keyboard key.</extracomment>
        <translation>hỏi</translation>
    </message>
    <message>
        <source>tilde</source>
        <extracomment>Name of the Vietnamese tone &quot;ngã&quot; on its keyboard key.</extracomment>
        <translation>ngã</translation>
    </message>
    <message>
        <source>dot</source>
        <extracomment>Name of the Vietnamese tone &quot;nặng&quot; on its keyboard key.</extracomment>
        <translation>nặng</translation>
    </message>
    <message>
        <source>no tone</source>
        <extracomment>Keyboard key that removes the tone of the last word (&quot;bỏ dấu&quot;).</extracomment>
        <translation>bỏ dấu</translation>
    </message>
    <message>
        <source>Backspace</source>
        <extracomment>Accessible name of the keyboard&apos;s delete key.</extracomment>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Keyboard key that closes the keyboard (&quot;Xong&quot;).</extracomment>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Shift</source>
        <extracomment>Accessible name of the keyboard&apos;s shift key.</extracomment>
        <translation>Shift</translation>
    </message>
    <message>
        <source>?123</source>
        <extracomment>Keyboard key switching to digits and symbols.</extracomment>
        <translation>?123</translation>
    </message>
    <message>
        <source>ABC</source>
        <extracomment>Keyboard key switching back to letters.</extracomment>
        <translation>ABC</translation>
    </message>
    <message>
        <source>language</source>
        <extracomment>Caption of the key that switches between Vietnamese and English typing.</extracomment>
        <translation>ngôn ngữ</translation>
    </message>
    <message>
        <source>Vietnamese (Telex)</source>
        <extracomment>Space bar caption while typing Vietnamese with Telex.</extracomment>
        <translation>Tiếng Việt (Telex)</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>Space bar caption while typing plain English letters.</extracomment>
        <translation>English</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <source>Type a procedure, e.g. khai sinh</source>
        <translation>Gõ tên thủ tục, ví dụ: khai sinh</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xoá hết</translation>
    </message>
    <message>
        <source>Field: all</source>
        <translation>Lĩnh vực: tất cả</translation>
    </message>
    <message>
        <source>Field: %1</source>
        <translation>Lĩnh vực: %1</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Mọi cấp</translation>
    </message>
    <message>
        <source>Most asked for:</source>
        <translation>Thủ tục thường gặp:</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm…</translation>
    </message>
    <message>
        <source>No procedure found. Check the spelling, or try fewer words.</source>
        <translation>Không tìm thấy thủ tục nào. Hãy kiểm tra chính tả hoặc gõ ít từ hơn.</translation>
    </message>
    <message numerus="yes">
        <source>%n procedure(s) found</source>
        <translation>
            <numerusform>Tìm thấy %n thủ tục</numerusform>
        </translation>
    </message>
    <message>
        <source>Show keyboard</source>
        <translation>Hiện bàn phím</translation>
    </message>
</context>
<context>
    <name>StaffPinDialog</name>
    <message>
        <source>Staff: type the assisted-mode PIN</source>
        <translation>Cán bộ: nhập mã PIN của chế độ hỗ trợ</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Nhập sai quá nhiều lần. Vui lòng thử lại sau %n phút.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>Hanoi Public Services</source>
        <translation>Dịch vụ công Hà Nội</translation>
    </message>
    <message>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ / Choose your language</translation>
    </message>
    <message>
        <source>Larger text: on</source>
        <translation>Chữ to: đang bật</translation>
    </message>
    <message>
        <source>Larger text: off</source>
        <translation>Chữ to: đang tắt</translation>
    </message>
    <message>
        <source>Touch to make the text bigger or smaller</source>
        <translation>Chạm để phóng to hoặc thu nhỏ chữ</translation>
    </message>
    <message>
        <source>Look up a procedure</source>
        <translation>Tra cứu thủ tục</translation>
    </message>
    <message>
        <source>Which papers to bring, the fee, how long it takes, where to go</source>
        <translation>Giấy tờ cần mang, lệ phí, thời gian giải quyết, nơi nộp</translation>
    </message>
    <message>
        <source>Identify with your ID card</source>
        <translation>Xác thực bằng CCCD</translation>
    </message>
    <message>
        <source>Place your chip ID card (CCCD) on the reader so that forms fill themselves in</source>
        <translation>Đặt thẻ CCCD gắn chip lên đầu đọc để biểu mẫu tự điền thông tin</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Cán bộ</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Bạn còn cần thêm thời gian?</translation>
    </message>
    <message numerus="yes">
        <source>In %n second(s) the kiosk returns to the start screen and forgets everything you typed.</source>
        <translation>
            <numerusform>Sau %n giây, kiosk sẽ trở về màn hình đầu và xoá mọi thông tin bạn đã nhập.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>Không, tôi đã xong</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
    <message>
        <source>⌂ Home</source>
        <translation>⌂ Trang đầu</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>Chữ thường</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Chữ to</translation>
    </message>
</context>
</TS>
